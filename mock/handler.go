package mock

import (
	"net/http"
	"strconv"
	"sync"
)

// handler serves one call: it implements the generated strict server interface, one method
// per action. Validation has already run, so the parameters are well formed. A handler is a
// value per call: it carries the server and the call explicitly.
type handler struct {
	srv  *Server
	call *call
}

const defaultLimit = 60

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// canonicalRequestID is HeaderRequestID as http.Header keeps it (Set would canonicalize it
// on every answer).
var canonicalRequestID = http.CanonicalHeaderKey(HeaderRequestID)

// contentType is the Content-Type header value of every response.
var contentType = []string{ContentType}

// rendered is a 200 body already rendered, written as is by write. Any handler may return
// one; serve writes it whatever the action.
type rendered struct {
	body      []byte
	tail      []byte // written after body as is: bytes nobody modifies (a flow's renderings), never pooled
	requestID string
	pool      *bufferPool // body goes back here once written; nil for none
}

// whole is the answer's body, tail included, in one slice.
func (r rendered) whole() []byte {
	if len(r.tail) == 0 {
		return r.body
	}
	return append(r.body[:len(r.body):len(r.body)], r.tail...)
}

// VisitListExecutionsResponse makes rendered a ListExecutionsResponseObject (the generated
// interface ListExecutions returns); it writes as write does.
func (r rendered) VisitListExecutionsResponse(w http.ResponseWriter) error { return r.write(w) }

// VisitStartExecutionResponse, VisitDescribeExecutionResponse and VisitStopExecutionResponse
// make rendered an answer of those actions too (executionAnswer).
func (r rendered) VisitStartExecutionResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r rendered) VisitDescribeExecutionResponse(w http.ResponseWriter) error { return r.write(w) }
func (r rendered) VisitStopExecutionResponse(w http.ResponseWriter) error     { return r.write(w) }

// VisitCreateFlowResponse and VisitDescribeFlowResponse make rendered an answer of those
// actions (flowAnswer).
func (r rendered) VisitCreateFlowResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r rendered) VisitDescribeFlowResponse(w http.ResponseWriter) error { return r.write(w) }

// write writes the body as a 200, with the request id and its length.
func (r rendered) write(w http.ResponseWriter) error {
	h := w.Header()
	h["Content-Type"] = contentType // shared: net/http only reads it
	// One backing array for both values. A known length lets net/http send the body as is,
	// not in chunks.
	vals := []string{r.requestID, strconv.Itoa(len(r.body) + len(r.tail))}
	h[canonicalRequestID] = vals[0:1:1]
	h["Content-Length"] = vals[1:2:2]
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(r.body)
	if err == nil && len(r.tail) > 0 {
		// net/http buffers the short head and sends it with the start of the tail: the two
		// writes cost the system calls one would.
		_, err = w.Write(r.tail)
	}
	if r.pool != nil {
		r.pool.put(r.body) // http.ResponseWriter.Write does not retain the slice
	}
	return err
}

// bufferPool recycles page buffers: a 60-execution page is tens of kilobytes, and allocating
// it per request makes the garbage collector the hot path's main cost.
type bufferPool struct{ p sync.Pool }

func (bp *bufferPool) get(n int) []byte {
	if v, ok := bp.p.Get().(*[]byte); ok && cap(*v) >= n {
		return (*v)[:0]
	}
	return make([]byte, 0, n)
}

func (bp *bufferPool) put(b []byte) {
	if cap(b) > 4<<20 { // do not keep outsized buffers alive
		return
	}
	b = b[:0]
	bp.p.Put(&b)
}
