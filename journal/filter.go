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

func (f *Filter) match(en *entry) bool {
	e := &en.rec
	return (f.Before == 0 || e.Seq < f.Before) &&
		(f.Session == "" || string(en.value(keptSession)) == f.Session) &&
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
	var found []*entry
	j.mu.Lock()
	defer j.mu.Unlock()
	j.each(func(e *entry) {
		if f.match(e) {
			found = append(found, e)
		}
	})
	sort.Slice(found, func(a, b int) bool { return found[a].rec.Seq > found[b].rec.Seq })
	next := uint64(0)
	if f.Limit > 0 && len(found) > f.Limit {
		found = found[:f.Limit]
		next = found[len(found)-1].rec.Seq
	}
	out := make([]Record, len(found))
	for i, e := range found {
		out[i] = e.record() // copied out while the lock keeps e in the journal
	}
	return out, next
}

// Count returns how many records match f.
func (j *Journal) Count(f Filter) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	j.each(func(e *entry) {
		if f.match(e) {
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
		if session == "" || string(e.value(keptSession)) == session {
			j.remove(e)
			n++
		}
	})
	return n
}
