package store

import (
	"iter"
	"slices"
	"sort"
)

// list holds named items in the order of their sequence numbers, for lookup by name and
// keyset paging by sequence number. The zero list is empty and ready to use.
type list[T any] struct {
	last    uint64      // the greatest sequence number handed out by add
	entries []*entry[T] // ascending seq
	byName  map[string]*entry[T]
}

// entry is one item of a list. Its address is stable while it is in the list.
type entry[T any] struct {
	seq  uint64
	name string
	val  T
}

// next returns the sequence number the next add will give.
func (l *list[T]) next() uint64 { return l.last + 1 }

// get returns the entry named name, or nil.
func (l *list[T]) get(name string) *entry[T] { return l.byName[name] }

// add appends v under name with the next sequence number. The name must be new.
func (l *list[T]) add(name string, v T) *entry[T] {
	l.last++
	return l.put(l.last, name, v)
}

// put inserts v under name at sequence number seq, which must be new, as must name. It does
// not change what next returns.
func (l *list[T]) put(seq uint64, name string, v T) *entry[T] {
	e := &entry[T]{seq: seq, name: name, val: v}
	if l.byName == nil {
		l.byName = make(map[string]*entry[T])
	}
	l.byName[name] = e
	l.entries = slices.Insert(l.entries, l.from(seq-1), e)
	return e
}

// remove deletes the entry named name and returns it, or nil when there is none.
func (l *list[T]) remove(name string) *entry[T] {
	e := l.byName[name]
	if e == nil {
		return nil
	}
	delete(l.byName, name)
	i := l.from(e.seq - 1)
	l.entries[i] = nil // let the entry go before the shift overwrites the slot
	if i == 0 {
		// The oldest goes first (a session at its limit of executions drops one per start):
		// no shift of the others, the next append's growth gives the slot back.
		l.entries = l.entries[1:]
		return e
	}
	l.entries = slices.Delete(l.entries, i, i+1)
	return e
}

// from returns the index of the first entry whose seq is greater than after.
func (l *list[T]) from(after uint64) int {
	return sort.Search(len(l.entries), func(i int) bool { return l.entries[i].seq > after })
}

// after yields the entries whose seq is greater than after, in seq order.
func (l *list[T]) after(after uint64) iter.Seq2[uint64, *T] {
	return func(yield func(uint64, *T) bool) {
		for _, e := range l.entries[l.from(after):] {
			if !yield(e.seq, &e.val) {
				return
			}
		}
	}
}

// firstCap bounds the room made for a page before its items are seen.
const firstCap = 64

// collect returns a page of items: the first limit items yields (all of them when limit is
// not positive), each converted by conv, and next, the seq of the last one returned when more
// follow (0 on the last page). The page is never nil.
func collect[T, R any](items iter.Seq2[uint64, T], limit int, conv func(T) R) (page []R, next uint64) {
	page = make([]R, 0, min(max(limit, 0), firstCap))
	var last uint64
	for seq, v := range items {
		if limit > 0 && len(page) == limit {
			return page, last
		}
		page = append(page, conv(v))
		last = seq
	}
	return page, 0
}
