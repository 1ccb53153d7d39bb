package mock

import (
	"fmt"
	"net/http"

	"github.com/flowmock/flowmock"
)

// The defaults of the global limits the server keeps itself (the store keeps the others).
const (
	// DefaultMaxSessionID is the default of Config.MaxSessionID.
	DefaultMaxSessionID = 256
	// DefaultMaxLongPollsTotal is the default of Config.MaxLongPollsTotal.
	DefaultMaxLongPollsTotal = 1000
)

// invalidSession is what the journal records as the session of a request whose session id
// was refused.
const invalidSession = "(invalid)"

// checkSessionID returns why id cannot be a session id, or nil: it must be at most
// MaxSessionID bytes of visible ASCII (0x21 to 0x7E). "" is the default session.
func (s *Server) checkSessionID(where, id string) error {
	max := s.cfg.MaxSessionID
	if max <= 0 {
		max = DefaultMaxSessionID
	}
	if len(id) > max {
		s.metrics.limited(limitSessionID)
		return fmt.Errorf("%s: a session id is at most %d bytes (--max-session-id), got %d", where, max, len(id))
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c < 0x21 || c > 0x7e {
			s.metrics.limited(limitSessionID)
			return fmt.Errorf("%s: a session id is visible ASCII (0x21 to 0x7E, no spaces), got byte 0x%02X at offset %d", where, c, i)
		}
	}
	return nil
}

// refuseSession answers 400 InvalidArgument when the request's session header is not a
// valid session id, and reports whether it did.
func (s *Server) refuseSession(w http.ResponseWriter, c *call) bool {
	err := s.checkSessionID("The header "+HeaderSession, header(c.raw.Header, HeaderSession))
	if err == nil {
		return false
	}
	c.session, c.requestID = invalidSession, s.newRequestID()
	s.writeError(w, c, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. flowmock: %v.", err))
	return true
}

// acquirePoll counts a long poll of the session, unless as many as the global or the
// session's limit allow already wait: then it returns false, counted in the metrics, and the
// poll answers at once. release ends a poll acquirePoll counted.
func (h handler) acquirePoll() (release func(), ok bool) {
	s := h.srv
	max := int64(s.cfg.MaxLongPollsTotal)
	if max <= 0 {
		max = DefaultMaxLongPollsTotal
	}
	if s.polls.Add(1) > max {
		s.polls.Add(-1)
		s.metrics.limited(limitLongPolls)
		return nil, false
	}
	ss := h.session()
	if !ss.AcquirePoll(s.maxPolls()) {
		s.polls.Add(-1)
		s.metrics.limited(limitLongPollsSession)
		return nil, false
	}
	return func() {
		ss.ReleasePoll()
		s.polls.Add(-1)
	}, true
}
