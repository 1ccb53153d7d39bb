package mock

import (
	"net/url"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
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
	Params     map[string]string `json:"params,omitempty"` // declared API parameters only
	Status     int               `json:"status"`
	Code       string            `json:"code,omitempty"`     // error code, "" for 200
	Scenario   string            `json:"scenario,omitempty"` // scenario that was active
	Rule       string            `json:"rule,omitempty"`     // rule (and step) that answered, "" when none
	Fault      string            `json:"fault,omitempty"`    // wire fault applied
	Injected   string            `json:"injected,omitempty"` // header that chose the answer (X-Mock-Error, Prefer)
	DurationMS float64           `json:"durationMs"`
}

// RecordFilter selects journal records; zero fields match everything.
type RecordFilter struct {
	Session  string
	Action   string
	Status   int
	Code     string
	Scenario string
	Limit    int // at most this many, newest first; 0 for all
}

// ParseRecordFilter reads a RecordFilter from query parameters session, action, status, code, scenario,
// limit. It returns an error naming a bad value.
func ParseRecordFilter(q url.Values) (RecordFilter, error) {
	f := RecordFilter{Session: q.Get("session"), Action: q.Get("action"), Code: q.Get("code"), Scenario: q.Get("scenario")}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"status", &f.Status}, {"limit", &f.Limit}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return f, &controlErr{status: 400, msg: p.name + ": want a non-negative integer, got " + strconv.Quote(v)}
			}
			*p.dst = n
		}
	}
	return f, nil
}

func (f *RecordFilter) match(e *Record) bool {
	return (f.Session == "" || e.Session == f.Session) &&
		(f.Action == "" || e.Action == f.Action) &&
		(f.Status == 0 || e.Status == f.Status) &&
		(f.Code == "" || e.Code == f.Code) &&
		(f.Scenario == "" || e.Scenario == f.Scenario)
}

// journal is a bounded ring of the most recent entries.
type journal struct {
	mu   sync.Mutex
	ring []Record
	next int // index the next entry goes to
	full bool
	seq  atomic.Uint64 // arrival counter
}

func newJournal(size int) *journal { return &journal{ring: make([]Record, size)} }

func (j *journal) add(e Record) {
	if len(j.ring) == 0 {
		return
	}
	j.mu.Lock()
	j.ring[j.next] = e
	j.next++
	if j.next == len(j.ring) {
		j.next, j.full = 0, true
	}
	j.mu.Unlock()
}

// each calls fn on entries newest first until fn returns false.
func (j *journal) each(fn func(*Record) bool) {
	n := j.next
	if j.full {
		n = len(j.ring)
	}
	for i := 0; i < n; i++ {
		k := (j.next - 1 - i + len(j.ring)) % len(j.ring)
		if !fn(&j.ring[k]) {
			return
		}
	}
}

// arrive numbers a request as it arrives.
func (j *journal) arrive() uint64 { return j.seq.Add(1) }

// list returns matching entries, newest (by arrival) first.
func (j *journal) list(f RecordFilter) []Record {
	j.mu.Lock()
	out := []Record{}
	j.each(func(e *Record) bool {
		if f.match(e) {
			out = append(out, *e)
		}
		return true
	})
	j.mu.Unlock()
	sort.Slice(out, func(a, b int) bool { return out[a].Seq > out[b].Seq })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out
}

// count returns how many entries match.
func (j *journal) count(f RecordFilter) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	j.each(func(e *Record) bool {
		if f.match(e) {
			n++
		}
		return true
	})
	return n
}

// clear drops the entries of session, or all entries when session is "".
func (j *journal) clear(session string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	var keep []Record
	dropped := 0
	j.each(func(e *Record) bool {
		if session == "" || e.Session == session {
			dropped++
		} else {
			keep = append(keep, *e)
		}
		return true
	})
	clear(j.ring)
	j.next, j.full = 0, false
	for i := len(keep) - 1; i >= 0; i-- { // keep is newest first
		j.ring[j.next] = keep[i]
		j.next++
	}
	if j.next == len(j.ring) {
		j.next, j.full = 0, true
	}
	return dropped
}

// size returns the number of entries held.
func (j *journal) size() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.full {
		return len(j.ring)
	}
	return j.next
}

// controlErr is a control-plane error with its status.
type controlErr struct {
	status int
	msg    string
}

func (e *controlErr) Error() string { return e.msg }
