package journal

import (
	"container/list"
	"sort"
)

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

// each calls fn on the records, newest (by arrival at the journal) first, with the element
// holding them. fn may remove the element. The caller holds j.mu.
func (j *Journal) each(fn func(*list.Element, *Record)) {
	for el := j.order.Back(); el != nil; {
		prev := el.Prev()
		fn(el, &el.Value.(*entry).rec)
		el = prev
	}
}

// List returns the matching records of every share, newest (by arrival) first, at most
// f.Limit, and the cursor of the next page (0 on the last).
func (j *Journal) List(f Filter) ([]Record, uint64) {
	out := []Record{}
	j.mu.Lock()
	j.each(func(_ *list.Element, e *Record) {
		if f.match(e) {
			out = append(out, *e)
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
	j.each(func(_ *list.Element, e *Record) {
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
	j.each(func(el *list.Element, e *Record) {
		if session == "" || e.Session == session {
			j.remove(el)
			n++
		}
	})
	return n
}
