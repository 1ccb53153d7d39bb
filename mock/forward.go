package mock

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// Upstream forwards a call the mock validated, and for which no scenario or header chose an
// error, a fault or latency instead, to a server that speaks the wire (the real service):
// Config.Upstream turns the mock into a validating proxy. Package proxy implements it.
type Upstream interface {
	// Forward sends req upstream and returns the upstream's answer as it came. An error is
	// a transport problem (unreachable, timed out after the retries), never a contract
	// violation; its text must not hold credentials.
	Forward(ctx context.Context, req *UpstreamRequest) (*UpstreamResponse, error)
}

// UpstreamRequest is one validated API call to forward.
type UpstreamRequest struct {
	Action string
	// Raw is the client's request; its body was read already and is Body.
	Raw  *http.Request
	Body []byte
	// Params are the normalized parameters (query, form or JSON body, x-acs-action/version).
	Params url.Values
}

// UpstreamResponse is the upstream's answer, returned to the client unchanged.
type UpstreamResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// StatusUpstreamUnavailable is what the client gets when the upstream could not be reached:
// 502 with the code UpstreamUnavailable (outside the contract, on purpose, and not counted as
// a violation).
const StatusUpstreamUnavailable = http.StatusBadGateway

// forward hands the call to the upstream, checks its answer against the contract and writes
// it to the client unchanged.
func (s *Server) forward(w http.ResponseWriter, c *call) {
	resp, err := s.cfg.Upstream.Forward(c.raw.Context(), &UpstreamRequest{Action: c.action.Name, Raw: c.raw, Body: c.body, Params: c.params})
	if err != nil {
		if c.raw.Context().Err() != nil {
			c.status, c.code = statusClientGone, "ClientClosedRequest"
			return
		}
		s.viol.transport(c, err)
		s.log.Warn("upstream did not answer", "action", c.action.Name, "request_id", c.requestID, "err", err.Error())
		c.undeclared = true
		s.writeEnvelope(w, c, StatusUpstreamUnavailable, "UpstreamUnavailable", "flowmock proxy: the upstream did not answer: "+err.Error())
		return
	}
	if id := resp.Header.Get(HeaderRequestID); id != "" {
		c.requestID = id
	}
	vs := s.viol.check(c, resp)
	c.violations = len(vs)
	for _, v := range vs {
		s.log.Warn("contract violation", "action", v.Action, "kind", v.Kind, "pointer", v.Pointer, "rule", v.Rule,
			"status", v.Status, "code", v.Code, "request_id", v.RequestID, "message", v.Message)
	}
	c.status, c.code = resp.Status, errorCode(resp)
	h := w.Header()
	for k, v := range resp.Header {
		if !hopByHop[http.CanonicalHeaderKey(k)] {
			h[k] = v
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	if c.fault == "" {
		c.response = resp.Body
		s.record(c)
	}
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}

// hopByHop are the headers that belong to one connection, not the answer (RFC 9110 §7.6.1),
// plus Content-Length, which forward sets from the body.
var hopByHop = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Authenticate": true, "Proxy-Authorization": true,
	"Te": true, "Trailer": true, "Transfer-Encoding": true, "Upgrade": true, "Content-Length": true,
}

// errorCode is the Code of an error answer's envelope, "" for a 200 or a body without one.
func errorCode(resp *UpstreamResponse) string {
	if resp.Status == http.StatusOK {
		return ""
	}
	var env struct {
		Code any `json:"Code"`
	}
	if json.Unmarshal(resp.Body, &env) != nil {
		return ""
	}
	code, _ := env.Code.(string)
	return code
}
