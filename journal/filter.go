package journal

import "sort"

// Filter selects records; zero fields match everything.
type Filter struct {
	Session  string
	Action   string
	Status   int
	Code     string
	Scenario string
	Limit    int    // at most this many, newest first; 0 for all
	Before   uint64 // only records that arrived before this Seq (a page's cursor); 0 for all
}

func (f *Filter) match(e *Record) bool {
	return (f.Before == 0 || e.Seq < f.Before) &&
		(f.Session == "" || e.Session == f.Session) &&
		(f.Action == "" || e.Action == f.Action) &&
		(f.Status == 0 || e.Status == f.Status) &&
		(f.Code == "" || e.Code == f.Code) &&
		(f.Scenario == "" || e.Scenario == f.Scenario)
}

// each calls fn on the entries, newest (by arrival at the journal) first. fn may remove the
// entry. The caller holds j.mu.
func (j *Journal) each(fn func(*entry)) {
	for e := j.order.newest; e != nil; {
		older := e.order.older
		fn(e)
		e = older
	}
}

// List returns the matching records of every share, newest (by arrival) first, at most
// f.Limit, and the cursor of the next page (0 on the last).
func (j *Journal) List(f Filter) ([]Record, uint64) {
	out := []Record{}
	j.mu.Lock()
	j.each(func(e *entry) {
		if f.match(&e.rec) {
			out = append(out, e.rec)
		}
	})
	j.mu.Unlock()
	sort.Slice(out, func(a, b int) bool { return out[a].Seq > out[b].Seq })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
		return out, out[len(out)-1].Seq
	}
	return out, 0
}

// Count returns how many records match f.
func (j *Journal) Count(f Filter) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	j.each(func(e *entry) {
		if f.match(&e.rec) {
			n++
		}
	})
	return n
}

// Clear drops the records of session, whichever share holds them, or every record when
// session is "", and returns how many it dropped. The shares stay open.
func (j *Journal) Clear(session string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	j.each(func(e *entry) {
		if session == "" || e.rec.Session == session {
			j.remove(e)
			n++
		}
	})
	return n
}
