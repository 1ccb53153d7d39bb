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
// looked its session up still belongs to it (the lookup happens now); one whose session id
// was refused goes to the server's own share, which no session's teardown drops.
func (s *Server) shareOf(c *call) *journal.Share {
	switch {
	case c.state != nil:
		return c.state.Journal()
	case c.session == invalidSession:
		return s.refused
	}
	return s.store.Load().Session(c.session).Journal()
}

// controlErr is a control-plane error with its status.
type controlErr struct {
	status int
	msg    string
}

func (e *controlErr) Error() string { return e.msg }
