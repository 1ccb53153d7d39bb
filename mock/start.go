package mock

import (
	"github.com/flowmock/flowmock/emulator"
	"github.com/flowmock/flowmock/store"
)

// HeaderTestCase chooses the mock file's test case for the executions a request starts.
const HeaderTestCase = "X-Mock-Test-Case"

// startRequest maps a call onto the start use case: the session, the request ID, and the
// test case in force (the request's X-Mock-Test-Case, else the session's).
func (h handler) startRequest(flow, name, input, qualifier string) emulator.StartRequest {
	r := emulator.StartRequest{Session: h.session(), Flow: flow, Name: name, Input: input, Qualifier: qualifier,
		RequestID: h.call.requestID}
	r.TestCase, r.TestCaseFrom = h.call.raw.Header.Get(HeaderTestCase), HeaderTestCase
	if r.TestCase == "" {
		r.TestCase, r.TestCaseFrom = r.Session.TestCase(), emulator.SessionTestCase
	}
	return r
}

// start starts (or, idempotently, finds) an execution of a Standard flow.
func (h handler) start(flow, name, input, qualifier string) (*store.Run, error) {
	return h.srv.emu.Start(h.startRequest(flow, name, input, qualifier))
}
