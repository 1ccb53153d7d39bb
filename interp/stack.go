package interp

// stackRoom is the stack frame growStack takes: with it an execution's goroutine starts on
// the 16 KB stack that running a flow of ten states reaches anyway (BenchmarkStartToSucceeded
// in package mock: the goroutine grew two or three times, each a copy of a deep stack, about
// 8% of its CPU time).
const stackRoom = 8 << 10

// growStack grows the calling goroutine's stack to stackRoom and more in one step, while the
// stack is shallow and cheap to copy, instead of doubling it deep inside the run. i is any
// index (the frame must be read to be kept).
//
//go:noinline
func growStack(i int) byte {
	var buf [stackRoom]byte
	return buf[i%len(buf)]
}
