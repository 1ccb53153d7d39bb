package journal

// Share is one session's part of a journal: the records of its requests. Its owner drops them
// with Reset (the session starts over) or Close (the session is gone). It is safe for
// concurrent use.
type Share struct {
	j       *Journal
	entries chain // its records, oldest first; guarded by j.mu
	closed  bool  // guarded by j.mu
}

// Add keeps rec with params as its Params (rec.Params is the form records are read in, and
// Add does not read it), its values cut to the journal's value cap, with a cut copy of body
// (the answer's, in the parts it was written in, when one is not nil) as its Response. It
// may drop the oldest records of any share to stay within the journal's bounds. A closed
// share keeps nothing. Add keeps nothing of params or body: the caller may reuse them.
func (s *Share) Add(rec Record, params []Param, body ...[]byte) {
	s.j.add(s, rec, params, body)
}

// Len returns the number of records the share holds.
func (s *Share) Len() int {
	s.j.mu.Lock()
	defer s.j.mu.Unlock()
	return s.entries.n
}

// Reset drops the share's records and returns how many it dropped.
func (s *Share) Reset() int {
	s.j.mu.Lock()
	defer s.j.mu.Unlock()
	return s.drop()
}

// Close drops the share's records, returns how many it dropped, and makes later Adds keep
// nothing.
func (s *Share) Close() int {
	s.j.mu.Lock()
	defer s.j.mu.Unlock()
	s.closed = true
	return s.drop()
}

// drop forgets every record of the share. The caller holds s.j.mu.
func (s *Share) drop() int {
	n := s.entries.n
	for s.entries.n > 0 {
		s.j.remove(s.entries.oldest)
	}
	return n
}
