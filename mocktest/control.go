package mocktest

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/flowmock/flowmock/gen/control"
	"github.com/flowmock/flowmock/mock"
)

// Control returns the generated, typed client of the server's control plane (/_mock/, the
// contract openapi/control.yaml), with the control token when the server has one.
func (s *Server) Control() *control.ClientWithResponses {
	opts := []control.ClientOption{control.WithHTTPClient(s.Client())}
	if token := s.Config.ControlToken; token != "" {
		opts = append(opts, control.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+token)
			return nil
		}))
	}
	c, err := control.NewClientWithResponses(s.URL, opts...)
	if err != nil {
		s.tb.Fatalf("mocktest: %v", err)
	}
	return c
}

// ctlOK fails the test unless a control-plane call answered 200, quoting the contract's error.
func (s *Server) ctlOK(what string, err error, res interface{ StatusCode() int }, body func() []byte) {
	s.tb.Helper()
	if err != nil {
		s.tb.Fatalf("mocktest: %s: %v", what, err)
	}
	if code := res.StatusCode(); code != http.StatusOK {
		var ce control.ControlError
		if b := body(); json.Unmarshal(b, &ce) != nil || ce.Error == "" {
			ce.Error = string(b)
		}
		s.tb.Fatalf("mocktest: %s: %d %s", what, code, ce.Error)
	}
}

// requests reads every page of the journal records matching f through the control plane
// (f.Limit, when set, caps the total).
func (s *Server) requests(f mock.RecordFilter) []mock.Record {
	s.tb.Helper()
	p := filterParams(f)
	out := []mock.Record{}
	for {
		res, err := s.Control().ListRequestsWithResponse(context.Background(), &p)
		s.ctlOK("ListRequests", err, res, func() []byte { return res.Body })
		var page []mock.Record
		if err := json.Unmarshal(res.Body, &page); err != nil {
			s.tb.Fatalf("mocktest: ListRequests: %v", err)
		}
		out = append(out, page...)
		next := res.HTTPResponse.Header.Get(mock.HeaderNextCursor)
		if next == "" || (f.Limit > 0 && len(out) >= f.Limit) {
			return out
		}
		p.Cursor = &next
	}
}

// count is CountRequests through the control plane.
func (s *Server) count(f mock.RecordFilter) int {
	s.tb.Helper()
	p := control.CountRequestsParams(filterParams(f))
	res, err := s.Control().CountRequestsWithResponse(context.Background(), &p)
	s.ctlOK("CountRequests", err, res, func() []byte { return res.Body })
	return res.JSON200.Count
}

// filterParams is f as the query of GET /_mock/requests.
func filterParams(f mock.RecordFilter) control.ListRequestsParams {
	var p control.ListRequestsParams
	set := func(dst **string, v string) {
		if v != "" {
			*dst = &v
		}
	}
	set(&p.Session, f.Session)
	set(&p.Action, f.Action)
	set(&p.Code, f.Code)
	set(&p.Scenario, f.Scenario)
	if f.Status != 0 {
		p.Status = &f.Status
	}
	if f.Limit > 0 {
		p.Limit = &f.Limit
	}
	if f.Before != 0 {
		set(&p.Cursor, strconv.FormatUint(f.Before, 10))
	}
	return p
}

// clock changes the session's clock through the control plane.
func (ss *Session) clock(what string, ch control.ClockChange) {
	ss.tb.Helper()
	res, err := ss.s.Control().ChangeClockWithResponse(context.Background(), ss.ID, ch)
	ss.s.ctlOK(what, err, res, func() []byte { return res.Body })
}

func ptr[T any](v T) *T { return &v }
