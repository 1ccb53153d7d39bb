package store

import (
	"slices"
	"strings"
	"time"

	"github.com/flowmock/flowmock"
)

// Pending is a callback task waiting for ReportTaskSucceeded or ReportTaskFailed.
type Pending struct {
	Token     string    `json:"token"`
	Flow      string    `json:"flow"`
	Execution string    `json:"execution"`
	State     string    `json:"state"`
	Input     string    `json:"input"` // the task's input, a JSON object
	Since     time.Time `json:"since"`
}

// Report is what a ReportTask* call delivers to the waiting task: Output on success, else
// Error and Cause.
type Report struct {
	Output, Error, Cause string
}

// parked is a waiting callback task.
type parked struct {
	Pending
	ch chan Report // buffered (1)
}

// tokenState is what became of a token that no task waits for any more.
type tokenState uint8

const (
	tokenReported  tokenState = iota + 1 // completed by a report
	tokenAbandoned                       // its execution ended first
)

// tasks is a session's callback tasks. The caller holds the session's lock.
type tasks struct {
	waiting map[string]*parked
	done    map[string]tokenState
}

// Park registers a callback task; it is completed by Complete with its token. The returned
// func takes the task back when it stops waiting (its execution stopped or ended): a later
// report then gets TaskInvalidState.
func (s *Session) Park(p Pending) (<-chan Report, func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tasks.waiting == nil {
		s.tasks.waiting, s.tasks.done = map[string]*parked{}, map[string]tokenState{}
	}
	pk := &parked{Pending: p, ch: make(chan Report, 1)}
	pk.Token = strings.Clone(p.Token)
	s.tasks.waiting[pk.Token] = pk
	return pk.ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.tasks.waiting[pk.Token] == pk {
			delete(s.tasks.waiting, pk.Token)
			s.tasks.done[pk.Token] = tokenAbandoned
		}
	}
}

// Complete delivers r to the task waiting with token. A token already reported is 400
// TaskAlreadyCompleted; one whose execution ended is 409 TaskInvalidState; an unknown one
// 400 InvalidArgument.
func (s *Session) Complete(token string, r Report) (Pending, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pk := s.tasks.waiting[token]; pk != nil {
		delete(s.tasks.waiting, token)
		s.tasks.done[pk.Token] = tokenReported
		pk.ch <- r
		return pk.Pending, nil
	}
	switch s.tasks.done[token] {
	case tokenReported:
		return Pending{}, flowmock.Errorf(flowmock.TaskAlreadyCompleted, "Task %s has already completed.", token)
	case tokenAbandoned:
		return Pending{}, flowmock.Errorf(flowmock.TaskInvalidState, "Task is in an invalid state, please retry.")
	}
	return Pending{}, flowmock.Errorf(flowmock.InvalidArgument,
		"Parameter error. TaskToken: no task of this session waits for %s; pass the token from the task's TaskScheduled event or GET /_mock/sessions/{id}/tasks.", clip(token))
}

// Waiting lists the callback tasks waiting in the session, oldest first.
func (s *Session) Waiting() []Pending {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Pending, 0, len(s.tasks.waiting))
	for _, pk := range s.tasks.waiting {
		out = append(out, pk.Pending)
	}
	slices.SortFunc(out, func(a, b Pending) int {
		if c := a.Since.Compare(b.Since); c != 0 {
			return c
		}
		return strings.Compare(a.Token, b.Token)
	})
	return out
}
