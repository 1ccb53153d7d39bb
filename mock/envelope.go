package mock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/contract"
)

// envelope is the POP error body every Alibaba SDK parses. Field order is the wire order.
type envelope struct {
	RequestId string `json:"RequestId"`
	HostId    string `json:"HostId"`
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	Recommend string `json:"Recommend,omitempty"`
}

// writeError answers err in the envelope with the status the catalogue gives its code.
// Errors that are not *flowmock.Error are logged in full and answered as InternalServerError.
func (s *Server) writeError(w http.ResponseWriter, c *call, err error) {
	code := flowmock.ErrorCode(err)
	if fe := (*flowmock.Error)(nil); !errors.As(err, &fe) {
		s.log.Error("internal error", "request_id", c.requestID, "err", err)
	}
	entry, ok := s.cat.Lookup(code)
	if !ok {
		s.log.Error("error code not in the contract's catalogue", "code", code, "request_id", c.requestID)
		entry, _ = s.cat.Lookup(flowmock.InternalServerError)
		code, err = flowmock.InternalServerError, nil
	}
	msg := flowmock.ErrorMessage(err)
	if msg == "" {
		msg = s.cat.Message(code)
	}
	s.writeEnvelope(w, c, entry.Status, string(code), msg)
}

func (s *Server) writeEnvelope(w http.ResponseWriter, c *call, status int, code, msg string) {
	body := s.envelopeBytes(c.requestID, code, msg)
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set(HeaderRequestID, c.requestID)
	if s.cfg.ValidateResponses && s.inContract(c, status) {
		if err := s.validateResponse(c.action, status, h, body); err != nil {
			s.log.Error("error response outside the contract", "request_id", c.requestID, "status", status, "code", code, "err", err)
			reason, _, _ := strings.Cut(err.Error(), "\n")
			body = s.envelopeBytes(c.requestID, string(flowmock.InternalServerError), fmt.Sprintf("An internal error has occurred. Please retry. (flowmock produced a %d %s response outside the contract: %s)", status, code, reason))
			status, code = http.StatusInternalServerError, string(flowmock.InternalServerError)
		}
	}
	c.status, c.code = status, code
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if c.fault == "" {
		c.response = body
		s.record(c) // before the client can see the answer
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// inContract reports whether an answer with status to c is one the contract describes: a
// resolved action and a status it declares (not an undeclared one sent on purpose with
// AllowUndeclared).
func (s *Server) inContract(c *call, status int) bool {
	return !c.undeclared && c.action != nil && c.action.Errors.Declares(status)
}

func (s *Server) envelopeBytes(requestID, code, msg string) []byte {
	b, _ := encodeJSON(envelope{RequestId: requestID, HostId: s.cfg.HostID, Code: code, Message: msg})
	return b
}

// recorder buffers a response so it can be validated before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// ValidateResponse checks one response of action against the contract. Tests use it on
// every body they receive.
func (s *Server) ValidateResponse(action string, status int, header http.Header, body []byte) error {
	a, ok := s.con.Action(action)
	if !ok {
		return fmt.Errorf("action %q is outside the contract", action)
	}
	return s.validateResponse(a, status, header, body)
}

func (s *Server) validateResponse(a *contract.Action, status int, header http.Header, body []byte) error {
	req, err := http.NewRequest(a.Method, a.Route.Path, nil)
	if err != nil {
		return err
	}
	in := &openapi3filter.RequestValidationInput{Request: req, Route: a.Route, Options: s.respOpts}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: s.respOpts}
	out.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), out)
}
