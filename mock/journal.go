package mock

import (
	"github.com/flowmock/flowmock/journal"
)

// Record is one request as the journal remembers it.
type Record = journal.Record

// RecordFilter selects journal records; zero fields match everything.
type RecordFilter = journal.Filter

// The journal's defaults: how many bytes it holds in all, and how much of one value it keeps.
const (
	DefaultJournalBytes      = journal.DefaultBytes
	DefaultJournalValueBytes = journal.DefaultValueBytes
)

// journalOf is the journal cfg asks for: JournalSize 0 means DefaultJournalSize, negative
// turns it off.
func journalOf(cfg Config) *journal.Journal {
	size := cfg.JournalSize
	if size == 0 {
		size = DefaultJournalSize
	}
	return journal.New(max(size, 0), cfg.JournalBytes, cfg.JournalValueBytes)
}

// shareOf is the journal share c's record goes to: its session's. A call refused before it
// looked its session up (wrong path, bad signature, invalid parameters) goes to its session's
// share only when that session lives already: a refused call never creates a session, so an
// unauthenticated client cannot evict real ones by naming new ids. Otherwise, and for a
// refused session id, the record goes to the server's own share, which no session's teardown
// drops.
func (s *Server) shareOf(c *call) *journal.Share {
	if c.state != nil {
		return c.state.Journal()
	}
	if c.session != invalidSession {
		if ss, ok := s.store.Load().Peek(c.session); ok {
			return ss.Journal()
		}
	}
	return s.refused
}

// controlErr is a control-plane error with its status.
type controlErr struct {
	status int
	msg    string
}

func (e *controlErr) Error() string { return e.msg }
