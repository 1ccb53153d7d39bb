package store

import "github.com/flowmock/flowmock/journal"

// Journal returns the session's share of the request journal: the records of its requests,
// dropped by the session's reset, eviction and closing.
func (s *Session) Journal() *journal.Share {
	if sh := s.share.Load(); sh != nil {
		return sh
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.share.Load() == nil {
		s.share.Store(s.store.journal.Share())
	}
	return s.share.Load()
}

// forgetJournal drops the session's journal records; final also makes it keep no more. The
// caller holds s.mu.
func (s *Session) forgetJournal(final bool) int {
	sh := s.share.Load()
	switch {
	case final && sh == nil:
		sh = s.store.journal.Share() // closed below: a request still running records nothing
		s.share.Store(sh)
	case sh == nil:
		return 0
	}
	if final {
		return sh.Close()
	}
	return sh.Reset()
}
