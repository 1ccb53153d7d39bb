package proxy_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/flowmock/flowmock/conform"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/proxy"
)

// capture records the bytes the wrapped server sent last.
func capture(sent *[]byte) func(http.Handler) http.Handler {
	var mu sync.Mutex
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			mu.Lock()
			*sent = rec.Body.Bytes()
			mu.Unlock()
			copyHeader(w, rec)
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
	}
}

func copyHeader(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
}

// mutation makes a flowmock answer drift: it gets the honest status and body and returns
// the ones to send.
type mutation func(t *testing.T, status int, body []byte) (int, []byte)

// drifter is an upstream middleware that applies the current mutation and records what it
// sent. The drift subtests run one after another.
type drifter struct {
	t    *testing.T
	mu   sync.Mutex
	mut  mutation
	sent []byte
}

func (d *drifter) set(t *testing.T, m mutation) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.t, d.mut, d.sent = t, m, nil
}

func (d *drifter) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		d.mu.Lock()
		status, body := d.mut(d.t, rec.Code, rec.Body.Bytes())
		d.sent = body
		d.mu.Unlock()
		copyHeader(w, rec)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

func replace(old, new string) mutation {
	return func(t *testing.T, status int, body []byte) (int, []byte) {
		if !bytes.Contains(body, []byte(old)) {
			t.Fatalf("the honest answer has no %s: %s", old, body)
		}
		return status, bytes.Replace(body, []byte(old), []byte(new), 1)
	}
}

func withStatus(s int) mutation {
	return func(_ *testing.T, _ int, body []byte) (int, []byte) { return s, body }
}

func drop(field string) mutation {
	return func(t *testing.T, status int, body []byte) (int, []byte) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, field)
		out, _ := json.Marshal(m)
		return status, out
	}
}

func body(status int, b string) mutation {
	return func(*testing.T, int, []byte) (int, []byte) { return status, []byte(b) }
}

type want struct{ kind, pointer, rule string }

// TestDrift: an upstream that drifts from the contract on purpose. Each drift is reported
// with its action, JSON pointer and rule, and the client gets the upstream's bytes unchanged.
func TestDrift(t *testing.T) {
	d := &drifter{}
	upstream := upstreamServer(t, withMiddleware(d.middleware))
	p := newProxy(t, proxy.Config{URL: upstream.URL})
	flow := url.Values{"Name": {"demo_flow"}}
	missing := url.Values{"Name": {"no_such_flow"}}
	tests := []struct {
		name   string
		action string
		params url.Values
		mut    mutation
		want   []want
	}{
		{"renamed field", "DescribeFlow", flow, replace(`"Name":"demo_flow"`, `"FlowName":"demo_flow"`),
			[]want{{conform.KindSchema, "/Name", "required"}, {conform.KindSchema, "/FlowName", "additionalProperties"}}},
		{"wrong type", "ListFlows", url.Values{"Limit": {"1"}}, replace(`"Name":"demo_flow"`, `"Name":7`),
			[]want{{conform.KindSchema, "/Flows/0/Name", "type"}}},
		{"missing required field", "DescribeRegions", nil, drop("RequestId"),
			[]want{{conform.KindSchema, "/RequestId", "required"}}},
		{"undeclared error code", "DescribeFlow", missing, replace("FlowNotExists", "FlowVanished"),
			[]want{{conform.KindCode, "/Code", "catalogue"}}},
		{"wrong status for a declared code", "DescribeFlow", missing, withStatus(http.StatusBadRequest),
			[]want{{conform.KindCodeStatus, "", "catalogue status"}}},
		{"undeclared status", "DescribeFlow", missing, withStatus(http.StatusGone),
			[]want{{conform.KindStatus, "", "declared statuses"}}},
		{"broken envelope", "DescribeFlow", missing, body(http.StatusNotFound, `{"error":"flow not found"}`),
			[]want{{conform.KindEnvelope, "/Code", "required"}, {conform.KindEnvelope, "/Message", "required"}, {conform.KindEnvelope, "/error", "additionalProperties"}}},
		{"not JSON", "DescribeFlow", flow, body(http.StatusInternalServerError, "<html>upstream hiccup</html>"),
			[]want{{conform.KindEnvelope, "", "json"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d.set(t, tt.mut)
			before := p.Mock.Violations().Total
			got := do(t, get(t, p.URL, tt.action, tt.params))
			if !bytes.Equal(got.body, d.sent) {
				t.Errorf("client got %s\nwant the upstream's bytes %s", got.body, d.sent)
			}
			v := p.Mock.Violations()
			fresh := v.Violations[before:]
			for _, w := range tt.want {
				if !hasViolation(fresh, tt.action, w) {
					t.Errorf("violations %v\nwant %s with %+v", fresh, tt.action, w)
				}
			}
		})
	}
	t.Run("metrics and journal", func(t *testing.T) {
		res := do(t, mustRequest(t, p.URL+"/_mock/metrics"))
		if line := `flowmock_contract_violations_total{action="DescribeFlow",kind="code"} 1`; !strings.Contains(string(res.body), line) {
			t.Errorf("metrics lack %s", line)
		}
		if recs := p.Requests(mock.RecordFilter{Action: "DescribeRegions"}); len(recs) != 1 || recs[0].Violations != 1 {
			t.Errorf("journal DescribeRegions = %+v, want one record with 1 violation", recs)
		}
	})
	t.Run("GET /_mock/violations", func(t *testing.T) {
		res := do(t, mustRequest(t, p.URL+"/_mock/violations"))
		var v mock.Violations
		if err := json.Unmarshal(res.body, &v); err != nil || res.status != 200 {
			t.Fatalf("GET /_mock/violations: %d %s (%v)", res.status, res.body, err)
		}
		if v.Total == 0 || len(v.Violations) != v.Total || v.Checked["DescribeFlow"] != 6 {
			t.Errorf("GET /_mock/violations: total %d, %d listed, checked %v; want every one listed and 6 DescribeFlow", v.Total, len(v.Violations), v.Checked)
		}
		req := mustRequest(t, p.URL+"/_mock/violations")
		req.Method = http.MethodDelete
		if res := do(t, req); res.status != 200 {
			t.Fatalf("DELETE /_mock/violations: %d %s", res.status, res.body)
		}
		if v := p.Mock.Violations(); v.Total != 0 || len(v.Violations) != 0 || len(v.Checked) != 0 {
			t.Errorf("after DELETE: %+v, want nothing", v)
		}
	})
}

func hasViolation(vs []mock.ViolationRecord, action string, w want) bool {
	for _, v := range vs {
		if v.Action == action && v.Kind == w.kind && v.Pointer == w.pointer && v.Rule == w.rule && v.Message != "" {
			return true
		}
	}
	return false
}

func mustRequest(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
