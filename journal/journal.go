// Package journal keeps the requests the mock answered, bounded in count and in bytes for the
// whole server, each record held in the share of the session it belongs to.
//
// A [Journal] is the server's: its bounds, the arrival counter and the order of every record.
// A [Share] is one session's part of it: the session owns it (store.Session) and drops it in
// the same teardown as the rest of its state (reset, eviction, reload), so a session's records
// go with it. A record that would pass either bound drops the oldest records of any session.
//
// Values are cut to the value cap (with a marker giving their length) and copied, the
// parameters' names with them, so that no request's body stays alive through the journal.
// The package starts no goroutines.
package journal

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Record is one request as the journal remembers it.
type Record struct {
	Seq        uint64            `json:"seq"` // arrival order, from 1
	Time       time.Time         `json:"time"`
	Session    string            `json:"session"`
	RequestID  string            `json:"requestId"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Action     string            `json:"action,omitempty"`
	Params     map[string]string `json:"params,omitempty"` // declared API parameters only, each cut to the journal's value cap
	Status     int               `json:"status"`
	Code       string            `json:"code,omitempty"`     // error code, "" for 200
	Scenario   string            `json:"scenario,omitempty"` // scenario that was active
	Rule       string            `json:"rule,omitempty"`     // rule (and step) that answered, "" when none
	Fault      string            `json:"fault,omitempty"`    // wire fault applied
	Injected   string            `json:"injected,omitempty"` // header that chose the answer (X-Mock-Error, Prefer)
	DurationMS float64           `json:"durationMs"`
	Violations int               `json:"violations,omitempty"` // contract violations of the upstream's answer (proxy mode)
	Response   string            `json:"response,omitempty"`   // the answer's body, cut to the journal's value cap; absent for a faulted answer
}

// Param is one parameter of a request as Share.Add takes it: a list the caller may build
// without a map, in any order (a name given twice keeps its last value).
type Param struct{ Name, Value string }

// The defaults of New: how many bytes the journal holds in all, and how much of one value it
// keeps.
const (
	DefaultBytes      = 16 << 20
	DefaultValueBytes = 1024
)

// recordOverhead is what a record costs besides its strings, roughly: the entry, the map.
const recordOverhead = 256

// Journal is the server's journal: the bounds and the arrival order of every session's
// records. It is safe for concurrent use.
//
// Every request writes the arrival counter, and the fields under the lock, from whichever
// core serves it: each group has cache lines of its own, apart from the bounds every request
// reads, so that a write does not take those from the other cores (false sharing).
type Journal struct {
	size     int // the count bound; 0 keeps nothing
	budget   int
	maxValue int
	free     sync.Pool // *entry: entries that left, with their buffers

	_         cacheLines
	mu        sync.Mutex
	order     chain  // every share's records, oldest first
	bytes     int    // bytes held
	dropped   uint64 // records dropped for the byte budget
	truncated uint64 // values cut

	_   cacheLines
	seq atomic.Uint64 // arrival counter
	_   cacheLines
}

// cacheLines keeps the fields before it and those after it off each other's cache lines
// (two lines: a core's prefetcher fetches them in pairs).
type cacheLines [128]byte

// entry is a record held, in the journal's order and in its share. The values the journal
// copies (Session, RequestID, Path, Method, Response, the parameters' names and values) are
// kept, the values cut, back to back in buf, and rec has them empty; record puts them
// together. An entry that leaves the
// journal goes back to the journal's pool with its buf: the next record's values are copied
// into it, so that keeping a record allocates nothing in the steady state.
type entry struct {
	rec       Record
	buf       []byte
	ends      [kept]int // where each of the fixed values ends in buf
	params    []param   // the parameters, after the fixed values in buf
	hasParams bool      // there were parameters: the record's Params is not nil
	size      int
	share     *Share
	order     links // in the journal's chain
	mine      links // in its share's chain
}

// The values of a record the journal copies into an entry's buf, in this order, then the
// parameters'.
const (
	keptSession = iota
	keptRequestID
	keptPath
	keptMethod
	keptResponse
	kept
)

// param is one parameter of an entry: where its name ends in buf and its value, which
// follows the name, ends.
type param struct{ name, end int }

// value returns the i-th fixed value of e, in buf.
func (e *entry) value(i int) []byte {
	start := 0
	if i > 0 {
		start = e.ends[i-1]
	}
	return e.buf[start:e.ends[i]]
}

// record returns e's record, its values copied out of buf.
func (e *entry) record() Record {
	r := e.rec
	r.Session, r.RequestID = string(e.value(keptSession)), string(e.value(keptRequestID))
	r.Path, r.Method, r.Response = string(e.value(keptPath)), string(e.value(keptMethod)), string(e.value(keptResponse))
	if e.hasParams {
		r.Params = make(map[string]string, len(e.params))
		at := e.ends[kept-1]
		for _, p := range e.params {
			r.Params[string(e.buf[at:p.name])] = string(e.buf[p.name:p.end])
			at = p.end
		}
	}
	return r
}

// New returns a journal of at most size records and budget bytes (0: DefaultBytes), keeping at
// most maxValue bytes of one value (0: DefaultValueBytes). A size of 0 keeps nothing.
func New(size, budget, maxValue int) *Journal {
	if budget <= 0 {
		budget = DefaultBytes
	}
	if maxValue <= 0 {
		maxValue = DefaultValueBytes
	}
	return &Journal{size: max(size, 0), budget: budget, maxValue: maxValue, order: chain{at: inOrder}}
}

// Arrive numbers a request as it arrives: its record's Seq.
func (j *Journal) Arrive() uint64 { return j.seq.Add(1) }

// Share returns a new, empty share of the journal for one session.
func (j *Journal) Share() *Share { return &Share{j: j, entries: chain{at: inShare}} }

// add keeps e in share (its values cut and copied), dropping the oldest records it has no room
// for. A closed share keeps nothing.
func (j *Journal) add(share *Share, e Record, params []Param, body [][]byte) {
	if j.size == 0 {
		return
	}
	en, _ := j.free.Get().(*entry)
	if en == nil {
		en = &entry{}
	}
	var cut int
	en.size, cut = j.keep(en, &e, params, body)
	var gone [4]*entry // the entries this record drops, recycled once the lock is released
	n := 0
	j.mu.Lock()
	if share.closed {
		j.mu.Unlock()
		j.recycle(en)
		return
	}
	j.truncated += uint64(cut)
	for j.order.n > 0 && (j.order.n == j.size || j.bytes+en.size > j.budget) {
		if j.order.n < j.size {
			j.dropped++
		}
		old := j.order.oldest
		j.unlink(old)
		if n < len(gone) {
			gone[n], n = old, n+1
		} else {
			j.recycle(old)
		}
	}
	en.share = share
	j.order.push(en)
	share.entries.push(en)
	j.bytes += en.size
	j.mu.Unlock()
	for _, old := range gone[:n] {
		j.recycle(old)
	}
}

// remove forgets the record of e and recycles e. The caller holds j.mu.
func (j *Journal) remove(e *entry) {
	j.unlink(e)
	j.recycle(e)
}

// unlink takes e out of the journal. The caller holds j.mu; nothing refers to e afterwards
// but the caller, which recycles it.
func (j *Journal) unlink(e *entry) {
	j.order.remove(e)
	e.share.entries.remove(e)
	j.bytes -= e.size
}

// recycle puts e, which nothing refers to any more, in the pool, its buffer kept.
func (j *Journal) recycle(e *entry) {
	*e = entry{buf: e.buf[:0], params: e.params[:0]}
	j.free.Put(e)
}

// keep copies e's values and params, cut, into en's buffer, with a cut copy of body (when a
// part is not nil) as its Response, sets en's record to e without them, and returns the
// record's size in bytes and how many values it cut.
func (j *Journal) keep(en *entry, e *Record, params []Param, body [][]byte) (int, int) {
	need, cut := j.room(e, params, body)
	if c := cap(en.buf); c < need || c > need+need/4+64 { // a buffer much too large holds memory the size does not count
		en.buf = make([]byte, 0, need)
	}
	b := en.buf[:0]
	for i, v := range [...]string{e.Session, e.RequestID, e.Path, e.Method} {
		b = j.appendCut(b, v)
		en.ends[i] = len(b)
	}
	if hasBody(body) {
		b = j.appendBody(b, body)
	} else {
		b = j.appendCut(b, e.Response)
	}
	en.ends[keptResponse] = len(b)
	size := recordOverhead
	en.params, en.hasParams = en.params[:0], len(params) > 0
	for _, p := range params {
		b = append(b, p.Name...) // copied too: a name may point into the request (its query or body)
		at := len(b)
		b = j.appendCut(b, p.Value)
		en.params = append(en.params, param{name: at, end: len(b)})
		size += 32
	}
	size += len(b) // every value kept, the parameters' names and values included
	en.buf = b
	en.rec = *e
	en.rec.Session, en.rec.RequestID, en.rec.Path, en.rec.Method, en.rec.Response, en.rec.Params = "", "", "", "", "", nil
	return size + len(e.Action) + len(e.Code) + len(e.Scenario) + len(e.Rule) + len(e.Fault) + len(e.Injected), cut
}

// marker is the most a cut value's marker takes.
const marker = len("…[truncated, ") + 20 + len(" bytes]")

// room is at most what keeping e's values, params and body takes, and how many of them are
// cut.
func (j *Journal) room(e *Record, params []Param, body [][]byte) (int, int) {
	n, cut := 0, 0
	add := func(l int) {
		if l > j.maxValue {
			l, cut = j.maxValue+marker, cut+1
		}
		n += l
	}
	for _, v := range [...]string{e.Session, e.RequestID, e.Path, e.Method} {
		add(len(v))
	}
	for _, p := range params {
		n += len(p.Name)
		add(len(p.Value))
	}
	if hasBody(body) {
		add(bodyLen(body))
	} else {
		add(len(e.Response))
	}
	return n, cut
}

// appendCut appends v to dst: at most the value cap of it, followed by a marker giving its
// length when it is longer (cut at a rune boundary).
func (j *Journal) appendCut(dst []byte, v string) []byte {
	return j.mark(append(dst, v[:cutAt(v, j.maxValue)]...), len(v))
}

// appendBody appends body, its parts one after the other, to dst as appendCut appends a
// value: only as much of the parts as the cut keeps is copied (plus one byte, to find the
// rune boundary).
func (j *Journal) appendBody(dst []byte, body [][]byte) []byte {
	start, n := len(dst), bodyLen(body)
	room := n
	if n > j.maxValue {
		room = j.maxValue + 1 // not min(n, j.maxValue+1): that overflows for a cap of math.MaxInt
	}
	for _, part := range body {
		take := min(len(part), room)
		dst, room = append(dst, part[:take]...), room-take
	}
	return j.mark(dst[:start+cutAt(dst[start:], j.maxValue)], n)
}

// hasBody reports whether body was given: a part is not nil.
func hasBody(body [][]byte) bool {
	for _, part := range body {
		if part != nil {
			return true
		}
	}
	return false
}

// bodyLen is the length of body, its parts together.
func bodyLen(body [][]byte) int {
	n := 0
	for _, part := range body {
		n += len(part)
	}
	return n
}

// cutAt is how much of v the journal keeps: all of it up to max bytes, else max bytes or
// less, at a rune boundary.
func cutAt[T string | []byte](v T, max int) int {
	if len(v) <= max {
		return len(v)
	}
	n := max
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return n
}

// mark appends the marker of a value of length bytes that was cut to dst, which ends with
// what was kept of it; nothing when the value was kept whole.
func (j *Journal) mark(dst []byte, length int) []byte {
	if length <= j.maxValue {
		return dst
	}
	dst = append(dst, "…[truncated, "...)
	dst = strconv.AppendInt(dst, int64(length), 10)
	return append(dst, " bytes]"...)
}

// Len returns the number of records held, in every share.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.order.n
}

// Bytes returns the bytes held.
func (j *Journal) Bytes() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.bytes
}

// Dropped returns how many records were dropped before their turn to keep within the byte
// budget.
func (j *Journal) Dropped() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.dropped
}

// Truncated returns how many values were cut to the value cap, in the records kept since the
// journal began (a share that was closed keeps nothing, and cuts nothing).
func (j *Journal) Truncated() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.truncated
}
