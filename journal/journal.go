// Package journal keeps the requests the mock answered, bounded in count and in bytes for the
// whole server, each record held in the share of the session it belongs to.
//
// A [Journal] is the server's: its bounds, the arrival counter and the order of every record.
// A [Share] is one session's part of it: the session owns it (store.Session) and drops it in
// the same teardown as the rest of its state (reset, eviction, reload), so a session's records
// go with it. A record that would pass either bound drops the oldest records of any session.
//
// Values are cut to the value cap (with a marker giving their length) and copied, so that no
// request's body stays alive through the journal. The package starts no goroutines.
package journal

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
}

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
type Journal struct {
	mu       sync.Mutex
	order    chain // every share's records, oldest first
	bytes    int   // bytes held
	size     int   // the count bound; 0 keeps nothing
	budget   int
	maxValue int
	seq      atomic.Uint64 // arrival counter

	dropped   atomic.Uint64 // records dropped for the byte budget
	truncated atomic.Uint64 // values cut
}

// entry is a record held, in the journal's order and in its share.
type entry struct {
	rec   Record
	size  int
	share *Share
	order links // in the journal's chain
	mine  links // in its share's chain
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
func (j *Journal) add(share *Share, e Record, body []byte) {
	if j.size == 0 {
		return
	}
	size := j.trim(&e, body)
	j.mu.Lock()
	defer j.mu.Unlock()
	if share.closed {
		return
	}
	for j.order.n > 0 && (j.order.n == j.size || j.bytes+size > j.budget) {
		if j.order.n < j.size {
			j.dropped.Add(1)
		}
		j.remove(j.order.oldest)
	}
	en := &entry{rec: e, size: size, share: share}
	j.order.push(en)
	share.entries.push(en)
	j.bytes += size
}

// remove forgets the record of e. The caller holds j.mu.
func (j *Journal) remove(e *entry) {
	j.order.remove(e)
	e.share.entries.remove(e)
	j.bytes -= e.size
}

// trim cuts and copies e's strings, keeps a cut copy of body (when not nil) as its Response,
// and returns its size in bytes. Every string it keeps shares one allocation. It takes
// e.Params: the values are replaced in the map itself.
func (j *Journal) trim(e *Record, body []byte) int {
	k := keeper{j: j}
	k.b.Grow(k.room(e, body))
	size := recordOverhead
	for _, p := range [...]*string{&e.Session, &e.RequestID, &e.Path, &e.Method} {
		*p = k.keep(*p, nil)
		size += len(*p)
	}
	for name, v := range e.Params {
		v = k.keep(v, nil)
		e.Params[name] = v // an existing key: the map does not grow
		size += len(name) + len(v) + 32
	}
	if body != nil {
		e.Response = k.keep("", body)
	} else {
		e.Response = k.keep(e.Response, nil)
	}
	size += len(e.Response)
	return size + len(e.Action) + len(e.Code) + len(e.Scenario) + len(e.Rule) + len(e.Fault) + len(e.Injected)
}

// keeper copies the values of one record into one buffer: each value at most the journal's
// value cap of it, followed by a marker giving its length when it is longer (cut at a rune
// boundary), so that nothing of a request (its body) stays alive through the journal.
type keeper struct {
	j *Journal
	b strings.Builder
}

// marker is the most a cut value's marker takes.
const marker = len("…[truncated, ") + 20 + len(" bytes]")

// room is at most what keeping e's values and body takes.
func (k *keeper) room(e *Record, body []byte) int {
	n := 0
	add := func(l int) {
		if l > k.j.maxValue {
			l = k.j.maxValue + marker
		}
		n += l
	}
	for _, v := range [...]string{e.Session, e.RequestID, e.Path, e.Method} {
		add(len(v))
	}
	for _, v := range e.Params {
		add(len(v))
	}
	if body != nil {
		add(len(body))
	} else {
		add(len(e.Response))
	}
	return n
}

// keep copies v, or b when it is not nil, cut to the value cap. The strings it returns stay
// as they are while it keeps more: the builder only appends.
func (k *keeper) keep(v string, b []byte) string {
	start := k.b.Len()
	length := len(v)
	if b != nil {
		length = len(b)
	}
	n := min(length, k.j.maxValue)
	if n < length {
		at := func(i int) byte {
			if b != nil {
				return b[i]
			}
			return v[i]
		}
		for n > 0 && !utf8.RuneStart(at(n)) {
			n--
		}
	}
	if b != nil {
		k.b.Write(b[:n])
	} else {
		k.b.WriteString(v[:n])
	}
	if n < length {
		k.j.truncated.Add(1)
		var digits [20]byte
		k.b.WriteString("…[truncated, ")
		k.b.Write(strconv.AppendInt(digits[:0], int64(length), 10))
		k.b.WriteString(" bytes]")
	}
	return k.b.String()[start:]
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
func (j *Journal) Dropped() uint64 { return j.dropped.Load() }

// Truncated returns how many values were cut to the value cap.
func (j *Journal) Truncated() uint64 { return j.truncated.Load() }
