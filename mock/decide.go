package mock

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/contract"
)

// Per-request headers that choose the response.
const (
	// HeaderError asks for one documented error by code: "X-Mock-Error: ResourceThrottled".
	HeaderError = "X-Mock-Error"
	// HeaderPrefer is Prism-compatible: "Prefer: code=429", "example=FlowNotExists",
	// "dynamic=true" (serve faked data for this request).
	HeaderPrefer = "Prefer"
	// HeaderScenario selects a scenario for one request.
	HeaderScenario = "X-Mock-Scenario"
)

// header is h.Get(name) for a name already canonical (Get canonicalizes it on every call):
// the headers every request reads.
func header(h http.Header, name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// choice is what the per-request headers asked for.
type choice struct {
	code    flowmock.Code // an error to answer with
	status  int           // its status; set only for codes outside the contract
	dynamic bool          // serve faked data
	source  string        // which header chose, for the journal
}

// perRequest reads X-Mock-Error and Prefer. A code or status the contract does not declare
// for the call's action is refused with InvalidArgument unless Config.AllowUndeclared is set.
func (s *Server) perRequest(call *call) (choice, error) {
	var c choice
	h, cat, action := call.raw.Header, call.action.Errors, call.action.Name
	prefer := h[HeaderPrefer]
	xerr := strings.TrimSpace(header(h, HeaderError))
	if len(prefer) == 0 && xerr == "" {
		return c, nil
	}
	status := 0
	for _, line := range prefer {
		for _, part := range strings.Split(line, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			k, v = strings.ToLower(strings.TrimSpace(k)), strings.Trim(strings.TrimSpace(v), `"`)
			switch k {
			case "code":
				n, err := strconv.Atoi(v)
				if err != nil || n < 100 || n > 599 {
					return c, s.mockErrorf("Prefer: code=%s is not an HTTP status; use e.g. Prefer: code=429", v)
				}
				status = n
			case "example":
				if xerr == "" {
					xerr = v
				}
			case "dynamic":
				c.dynamic = v == "true"
			case "":
			default:
				// Other preferences (return=minimal, …) are not ours to act on; RFC 7240 says
				// to ignore preferences a server does not support.
			}
		}
	}
	c.source = HeaderPrefer
	if xerr != "" {
		c.source = HeaderError
		code := flowmock.Code(xerr)
		e, ok := cat.Lookup(code)
		switch {
		case ok && status != 0 && status != e.Status:
			return c, s.mockErrorf("%s asks for %s, which the contract declares with status %d, but Prefer asks for %d", HeaderError, code, e.Status, status)
		case ok:
			c.code = code
		case s.cfg.AllowUndeclared:
			c.code, c.status = code, status
			if c.status == 0 {
				c.status = http.StatusBadRequest
			}
		default:
			return c, s.mockErrorf("%s: %q is not an error code the contract declares for %s; declared: %s (start the mock with --allow-undeclared to send any code)", HeaderError, xerr, action, codeList(cat))
		}
		return c, nil
	}
	switch {
	case status == 0, status == http.StatusOK:
	default:
		if code, ok := cat.ForPrefer(status); ok {
			c.code = code
		} else if s.cfg.AllowUndeclared {
			c.code, c.status = flowmock.Code(strings.ReplaceAll(http.StatusText(status), " ", "")), status
			if c.code == "" {
				c.code = flowmock.Code("Status" + strconv.Itoa(status))
			}
		} else {
			return c, s.mockErrorf("Prefer: code=%d is not a status the contract declares for %s; declared: %s (start the mock with --allow-undeclared to send any status)", status, action, statusList(cat))
		}
	}
	return c, nil
}

// mockErrorf is an InvalidArgument about the mock's own headers.
func (s *Server) mockErrorf(format string, args ...any) error {
	return flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. flowmock: "+format+".", args...)
}

func codeList(cat *contract.Catalogue) string {
	var b strings.Builder
	for i, e := range cat.Entries() {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%d)", e.Code, e.Status)
	}
	return b.String()
}

func statusList(cat *contract.Catalogue) string {
	var out []string
	for _, st := range cat.Statuses() {
		out = append(out, strconv.Itoa(st))
	}
	return strings.Join(out, ", ")
}

// injected returns the error to answer for an injected code, with a realistic message
// filled from the request's parameters (or msg, when set).
func (s *Server) injected(code flowmock.Code, params url.Values, msg string) error {
	if msg != "" {
		return &flowmock.Error{Code: code, Message: msg}
	}
	flow := first(params, "FlowName", "Name")
	var args []any
	switch code {
	case flowmock.FlowNotExists, flowmock.FlowAlreadyExists:
		args = []any{flow}
	case flowmock.ExecutionNotExists, flowmock.ExecutionAlreadyExists, flowmock.ExecutionAlreadyCompleted:
		args = []any{first(params, "ExecutionName"), flow}
	case flowmock.ScheduleNotExists, flowmock.ScheduleAlreadyExists:
		args = []any{first(params, "ScheduleName"), flow}
	case flowmock.TaskAlreadyCompleted:
		args = []any{first(params, "TaskToken")}
	case flowmock.InvalidAccessKeyID:
		args = []any{first(params, "AccessKeyId")}
	case flowmock.EntityTooLarge:
		args = []any{strconv.FormatInt(s.maxBody, 10)}
	}
	for _, a := range args {
		if a == "" {
			args = nil // a message with a hole reads worse than the example
		}
	}
	if args != nil {
		msg = s.cat.Message(code, args...)
	}
	if msg == "" {
		if e, ok := s.cat.Lookup(code); ok {
			msg = e.Example
		}
	}
	return &flowmock.Error{Code: code, Message: msg}
}

// first returns the value of the first of names that params has non-empty.
func first(params url.Values, names ...string) string {
	for _, n := range names {
		if v := params.Get(n); v != "" {
			return v
		}
	}
	return ""
}
