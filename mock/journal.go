package mock

import (
	"strconv"
	"strings"
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

	body []byte // the answer's body as written; add keeps a cut copy in Response, never this
}

// The journal's defaults: how many bytes it holds in all, and how much of one value it keeps.
const (
	DefaultJournalBytes      = 16 << 20
	DefaultJournalValueBytes = 1024
)

// recordOverhead is what a record costs besides its strings, roughly: the struct, the map.
const recordOverhead = 256

// journal is a bounded ring of the most recent records, bounded in count and in bytes: a
// record that would pass either bound drops the oldest ones. Values are cut to maxValue
// bytes (with a marker saying how long they were) and copied, so that no request's body
// stays alive through the journal.
type journal struct {
	mu       sync.Mutex
	ring     []Record // capacity: the count bound
	sizes    []int    // bytes of ring[i]
	head     int      // index of the oldest record
	n        int      // records held
	bytes    int      // bytes held
	budget   int
	maxValue int
	seq      atomic.Uint64 // arrival counter

	dropped   atomic.Uint64 // records dropped for the byte budget
	truncated atomic.Uint64 // values cut
}

func newJournal(size, budget, maxValue int) *journal {
	if budget <= 0 {
		budget = DefaultJournalBytes
	}
	if maxValue <= 0 {
		maxValue = DefaultJournalValueBytes
	}
	return &journal{ring: make([]Record, size), sizes: make([]int, size), budget: budget, maxValue: maxValue}
}

// add keeps e (its values cut and copied), dropping the oldest records it has no room for.
func (j *journal) add(e Record) {
	if len(j.ring) == 0 {
		return
	}
	size := j.trim(&e)
	j.mu.Lock()
	defer j.mu.Unlock()
	for j.n > 0 && (j.n == len(j.ring) || j.bytes+size > j.budget) {
		if j.n < len(j.ring) {
			j.dropped.Add(1)
		}
		j.dropOldest()
	}
	i := (j.head + j.n) % len(j.ring)
	j.ring[i], j.sizes[i] = e, size
	j.n++
	j.bytes += size
}

func (j *journal) dropOldest() {
	j.bytes -= j.sizes[j.head]
	j.ring[j.head], j.sizes[j.head] = Record{}, 0
	j.head = (j.head + 1) % len(j.ring)
	j.n--
}

// trim cuts and copies e's strings and returns its size in bytes.
func (j *journal) trim(e *Record) int {
	size := recordOverhead
	for _, p := range []*string{&e.Session, &e.RequestID, &e.Path, &e.Method} {
		*p = j.cut(*p)
		size += len(*p)
	}
	if e.Params != nil {
		params := make(map[string]string, len(e.Params))
		for k, v := range e.Params {
			v = j.cut(v)
			params[k] = v
			size += len(k) + len(v) + 32
		}
		e.Params = params
	}
	if e.body != nil {
		e.Response, e.body = j.cutBytes(e.body), nil
	} else {
		e.Response = j.cut(e.Response)
	}
	size += len(e.Response)
	return size + len(e.Action) + len(e.Code) + len(e.Scenario) + len(e.Rule) + len(e.Fault) + len(e.Injected)
}

// cut returns a copy of v, at most maxValue bytes of it followed by a marker giving its
// length when it is longer (cut at a rune boundary).
func (j *journal) cut(v string) string {
	if len(v) <= j.maxValue {
		return strings.Clone(v) // v may point into a request's body: keep none of it alive
	}
	return j.truncate(v[:j.maxValue+1], len(v))
}

// cutBytes is cut for an answer's body: it copies no more of b than it keeps.
func (j *journal) cutBytes(b []byte) string {
	if len(b) <= j.maxValue {
		return string(b)
	}
	return j.truncate(string(b[:j.maxValue+1]), len(b))
}

// truncate returns at most maxValue bytes of v (longer than that), cut at a rune boundary,
// followed by a marker giving the whole value's length.
func (j *journal) truncate(v string, length int) string {
	j.truncated.Add(1)
	n := j.maxValue
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return v[:n] + "…[truncated, " + strconv.Itoa(length) + " bytes]"
}

// each calls fn on records newest (by arrival at the journal) first until fn returns false.
// The caller holds j.mu.
func (j *journal) each(fn func(*Record) bool) {
	for i := j.n - 1; i >= 0; i-- {
		if !fn(&j.ring[(j.head+i)%len(j.ring)]) {
			return
		}
	}
}

// arrive numbers a request as it arrives.
func (j *journal) arrive() uint64 { return j.seq.Add(1) }

// clear drops the records of session, or all records when session is "".
func (j *journal) clear(session string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	var keep []Record
	var sizes []int
	dropped := 0
	for i := 0; i < j.n; i++ { // oldest first
		k := (j.head + i) % len(j.ring)
		if session == "" || j.ring[k].Session == session {
			dropped++
		} else {
			keep, sizes = append(keep, j.ring[k]), append(sizes, j.sizes[k])
		}
	}
	clear(j.ring)
	clear(j.sizes)
	j.head, j.n, j.bytes = 0, len(keep), 0
	copy(j.ring, keep)
	copy(j.sizes, sizes)
	for _, s := range sizes {
		j.bytes += s
	}
	return dropped
}

// size returns the number of records held.
func (j *journal) size() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.n
}

// held returns the bytes held.
func (j *journal) held() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.bytes
}

// controlErr is a control-plane error with its status.
type controlErr struct {
	status int
	msg    string
}

func (e *controlErr) Error() string { return e.msg }
