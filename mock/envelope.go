package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/flowmock/flowmock"
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
func (s *Server) writeError(w http.ResponseWriter, ex *exchange, err error) {
	code := flowmock.ErrorCode(err)
	if fe := (*flowmock.Error)(nil); !errors.As(err, &fe) {
		s.log.Error("internal error", "request_id", ex.requestID, "err", err)
	}
	entry, ok := s.cat.Lookup(code)
	if !ok {
		s.log.Error("error code not in the contract's catalogue", "code", code, "request_id", ex.requestID)
		entry, _ = s.cat.Lookup(flowmock.InternalServerError)
		code, err = flowmock.InternalServerError, nil
	}
	msg := flowmock.ErrorMessage(err)
	if msg == "" {
		msg = s.cat.Message(code)
	}
	s.writeEnvelope(w, ex, entry.Status, string(code), msg)
}

func (s *Server) writeEnvelope(w http.ResponseWriter, ex *exchange, status int, code, msg string) {
	body := s.envelopeBytes(ex.requestID, code, msg)
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set(HeaderRequestID, ex.requestID)
	if s.cfg.ValidateResponses && s.inContract(ex, status) {
		if err := s.ValidateResponse(ex.raw, status, h, body); err != nil {
			s.log.Error("error response outside the contract", "request_id", ex.requestID, "status", status, "code", code, "err", err)
			reason, _, _ := strings.Cut(err.Error(), "\n")
			body = s.envelopeBytes(ex.requestID, string(flowmock.InternalServerError), fmt.Sprintf("An internal error has occurred. Please retry. (flowmock produced a %d %s response outside the contract: %s)", status, code, reason))
			status, code = http.StatusInternalServerError, string(flowmock.InternalServerError)
		}
	}
	ex.status, ex.code = status, code
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// inContract reports whether an answer with status to ex's request is one the contract
// describes: API path and method, and a declared status (not an undeclared one sent on
// purpose with AllowUndeclared).
func (s *Server) inContract(ex *exchange, status int) bool {
	if ex.undeclared || ex.raw.URL.Path != "/" || s.routes[ex.raw.Method] == nil {
		return false
	}
	for _, st := range s.cat.statuses {
		if st == status {
			return true
		}
	}
	return false
}

func (s *Server) envelopeBytes(requestID, code, msg string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(envelope{RequestId: requestID, HostId: s.cfg.HostID, Code: code, Message: msg})
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// appendJSONString appends s as a JSON string, escaped as the envelopes and the fixtures'
// renderings are: without HTML escaping of <, > and &.
func appendJSONString(b []byte, s string) []byte {
	simple := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			simple = false
			break
		}
	}
	if simple {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
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

// serveValidated runs the API handler into a buffer, validates the response against the
// contract, and sends it, or a 500 naming what broke the contract.
func (s *Server) serveValidated(w http.ResponseWriter, r *http.Request, ex *exchange) {
	rec := &recorder{header: http.Header{}}
	s.api.ServeHTTP(rec, r)
	ex.status = rec.status
	if err := s.ValidateResponse(r, rec.status, rec.header, rec.body.Bytes()); err != nil {
		s.log.Error("response outside the contract", "request_id", ex.requestID, "status", rec.status, "err", err)
		reason, _, _ := strings.Cut(err.Error(), "\n")
		s.writeEnvelope(w, ex, http.StatusInternalServerError, string(flowmock.InternalServerError),
			fmt.Sprintf("An internal error has occurred. Please retry. (flowmock produced a %d response outside the contract: %s)", rec.status, reason))
		return
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// ValidateResponse checks one response to r against the contract. Tests use it on every body
// they receive.
func (s *Server) ValidateResponse(r *http.Request, status int, header http.Header, body []byte) error {
	rt, ok := s.routes[r.Method]
	if !ok {
		return fmt.Errorf("method %s is outside the contract", r.Method)
	}
	in := &openapi3filter.RequestValidationInput{Request: r, Route: rt, Options: s.respOpts}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: s.respOpts}
	out.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), out)
}
