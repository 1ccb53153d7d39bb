package mock_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
)

type pageBody struct {
	RequestId  string
	NextToken  *string
	Executions []map[string]any
}

// walk follows NextToken from the first page to the last and returns every execution name
// in the order served, and the raw bytes of every page.
func walk(t *testing.T, h *harness, query url.Values, limit int) (names []string, pages [][]byte) {
	t.Helper()
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("Action", "ListExecutions")
	q.Set("Version", "2019-03-15")
	q.Set("Limit", strconv.Itoa(limit))
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("more than 1000 pages: NextToken never ends")
		}
		q.Set("RequestId", "walk-"+strconv.Itoa(i))
		r := h.get(q.Encode())
		if r.status != http.StatusOK {
			t.Fatalf("page %d: status %d: %s", i, r.status, r.body)
		}
		pages = append(pages, r.body)
		var p pageBody
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		if len(p.Executions) > limit {
			t.Fatalf("page %d has %d executions, limit %d", i, len(p.Executions), limit)
		}
		for _, e := range p.Executions {
			names = append(names, e["Name"].(string))
		}
		if p.NextToken == nil {
			if bytes.Contains(r.body, []byte("NextToken")) {
				t.Fatalf("last page mentions NextToken: %s", r.body)
			}
			return names, pages
		}
		if len(p.Executions) != limit {
			t.Fatalf("page %d is not full (%d of %d) but has a NextToken", i, len(p.Executions), limit)
		}
		q.Set("NextToken", *p.NextToken)
	}
}

// expected filters flow's executions independently of the mock's code and checks their order.
func expected(t *testing.T, flow *fixtures.Flow, q url.Values) []string {
	t.Helper()
	var begin, end time.Time
	if s := q.Get("StartedTimeBegin"); s != "" {
		begin, _ = time.Parse(time.RFC3339Nano, s)
	}
	if s := q.Get("StartedTimeEnd"); s != "" {
		end, _ = time.Parse(time.RFC3339Nano, s)
	}
	var out []string
	for i, e := range flow.Executions {
		if i > 0 {
			prev := flow.Executions[i-1]
			if prev.StartedTime.Before(e.StartedTime.Time) || prev.StartedTime.Equal(e.StartedTime.Time) && prev.Name >= e.Name {
				t.Fatalf("source order broken at %d: %s (%v) before %s (%v)", i, prev.Name, prev.StartedTime, e.Name, e.StartedTime)
			}
		}
		if s := q.Get("Status"); s != "" && string(e.Status) != s {
			continue
		}
		if !begin.IsZero() && e.StartedTime.Before(begin) || !end.IsZero() && e.StartedTime.After(end) {
			continue
		}
		if !strings.HasPrefix(e.Name, q.Get("ExecutionNamePrefix")) {
			continue
		}
		out = append(out, e.Name)
	}
	return out
}

func TestPagingCoversEverythingOnce(t *testing.T) {
	set := defaultFixtures(t)
	faker := fixtures.NewFaker(42)
	sources := map[string]struct {
		src  fixtures.Source
		flow string
	}{
		"fixtures": {set, "demo_flow"},
		"fake":     {faker, "some_fake_flow"},
	}
	for srcName, sc := range sources {
		flow, err := sc.src.Flow(mock.DefaultSession, sc.flow)
		if err != nil {
			t.Fatal(err)
		}
		mid := flow.Executions[len(flow.Executions)/2].StartedTime
		early := flow.Executions[len(flow.Executions)*3/4].StartedTime
		prefix := flow.Executions[0].Name[:2]
		filters := map[string]url.Values{
			"none":          {},
			"status":        {"Status": {"Succeeded"}},
			"running":       {"Status": {"Running"}},
			"begin":         {"StartedTimeBegin": {mid.String()}},
			"end":           {"StartedTimeEnd": {mid.String()}},
			"window":        {"StartedTimeBegin": {early.String()}, "StartedTimeEnd": {mid.String()}},
			"prefix":        {"ExecutionNamePrefix": {prefix}},
			"status+window": {"Status": {"Failed"}, "StartedTimeBegin": {early.String()}, "StartedTimeEnd": {mid.String()}},
			"nothing":       {"ExecutionNamePrefix": {"zzz-no-such-prefix"}},
		}
		for fname, f := range filters {
			for _, limit := range []int{1, 7, 60, 100} {
				t.Run(srcName+"/"+fname+"/limit="+strconv.Itoa(limit), func(t *testing.T) {
					h := newHarness(t, mock.Config{Data: sc.src, Seed: 42})
					q := url.Values{"FlowName": {sc.flow}}
					for k, v := range f {
						q[k] = v
					}
					got, _ := walk(t, h, q, limit)
					want := expected(t, flow, q)
					if strings.Join(got, ",") != strings.Join(want, ",") {
						t.Fatalf("served %d executions %v\nwant %d %v", len(got), got, len(want), want)
					}
				})
			}
		}
	}
}

func TestEmptyResultHasEmptyArray(t *testing.T) {
	h := newHarness(t, mock.Config{})
	r := h.get(base + "FlowName=demo_flow&ExecutionNamePrefix=zzz&RequestId=r1")
	if got, want := string(r.body), `{"RequestId":"r1","Executions":[]}`; got != want {
		t.Fatalf("body = %s, want %s", got, want)
	}
}

func TestSameSeedSameBytes(t *testing.T) {
	for _, data := range []string{"fixtures", "fake"} {
		t.Run(data, func(t *testing.T) {
			run := func() [][]byte {
				var src fixtures.Source = defaultFixtures(t)
				flow := "demo_flow"
				if data == "fake" {
					src, flow = fixtures.NewFaker(99), "orders_v2"
				}
				h := newHarness(t, mock.Config{Data: src, Seed: 99})
				_, pages := walk(t, h, url.Values{"FlowName": {flow}}, 25)
				// Request IDs come from the seed too: a request without RequestId.
				r := h.get(base + "FlowName=" + flow + "&Limit=3")
				return append(pages, r.body)
			}
			a, b := run(), run()
			if len(a) != len(b) {
				t.Fatalf("runs served %d and %d pages", len(a), len(b))
			}
			for i := range a {
				if !bytes.Equal(a[i], b[i]) {
					t.Fatalf("page %d differs between runs with the same seed:\n%s\n%s", i, a[i], b[i])
				}
			}
		})
	}
}

func TestTokenBinding(t *testing.T) {
	h := newHarness(t, mock.Config{Data: fixtures.Chain(defaultFixtures(t), fixtures.NewFaker(1))})
	first := h.get(base + "FlowName=demo_flow&Limit=5&Status=Succeeded")
	var p pageBody
	if err := json.Unmarshal(first.body, &p); err != nil || p.NextToken == nil {
		t.Fatalf("first page: %v %s", err, first.body)
	}
	tok := url.QueryEscape(*p.NextToken)
	tests := []struct {
		name, query string
		status      int
		contains    string
	}{
		{"same filters, other limit", "FlowName=demo_flow&Limit=9&Status=Succeeded&NextToken=" + tok, 200, ""},
		{"other flow", "FlowName=order_pipeline&Limit=5&Status=Succeeded&NextToken=" + tok, 400, "another flow or other filters"},
		{"other status", "FlowName=demo_flow&Limit=5&Status=Failed&NextToken=" + tok, 400, "another flow or other filters"},
		{"filter dropped", "FlowName=demo_flow&Limit=5&NextToken=" + tok, 400, "another flow or other filters"},
		{"prefix added", "FlowName=demo_flow&Limit=5&Status=Succeeded&ExecutionNamePrefix=r&NextToken=" + tok, 400, "another flow or other filters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.get(base + tt.query)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.contains != "" {
				if e := decodeError(t, r); e.Code != "InvalidArgument" || !strings.Contains(e.Message, tt.contains) {
					t.Fatalf("got %s %q, want InvalidArgument containing %q", e.Code, e.Message, tt.contains)
				}
			}
		})
	}
	t.Run("token from another server", func(t *testing.T) {
		other := newHarness(t, mock.Config{Seed: 12345})
		r := other.get(base + "FlowName=demo_flow&Limit=5&Status=Succeeded&NextToken=" + tok)
		if e := decodeError(t, r); r.status != 400 || !strings.Contains(e.Message, "not a token this mock issued") {
			t.Fatalf("got %d %q, want 400 naming a foreign token", r.status, e.Message)
		}
	})
}

// changing is a Source whose data changes on demand, to exercise stale tokens.
type changing struct {
	flows [2]*fixtures.Flow
	cur   int
}

func (c *changing) Flow(session, name string) (*fixtures.Flow, error) { return c.flows[c.cur], nil }

func TestStaleToken(t *testing.T) {
	set := defaultFixtures(t)
	a, _ := set.Flow("", "demo_flow")
	var execs []cloudflow.Execution // the same flow less its newest execution
	for _, e := range a.Executions[1:] {
		execs = append(execs, e.Execution)
	}
	b := fixtures.NewFlow(a.Name, a.Definition, execs)
	if b.Digest == a.Digest {
		t.Fatal("the changed flow has the same Digest")
	}
	src := &changing{flows: [2]*fixtures.Flow{a, b}}
	h := newHarness(t, mock.Config{Data: src})
	var p pageBody
	if err := json.Unmarshal(h.get(base+"FlowName=demo_flow&Limit=5").body, &p); err != nil || p.NextToken == nil {
		t.Fatal("no first page")
	}
	src.cur = 1
	r := h.get(base + "FlowName=demo_flow&Limit=5&NextToken=" + url.QueryEscape(*p.NextToken))
	if e := decodeError(t, r); r.status != 400 || !strings.Contains(e.Message, "stale") {
		t.Fatalf("got %d %q, want 400 stale", r.status, e.Message)
	}
}

func TestWireForms(t *testing.T) {
	h := newHarness(t, mock.Config{})
	want := h.get(base + "FlowName=demo_flow&Limit=3&ExecutionNamePrefix=run&RequestId=same").body
	tests := []struct {
		name   string
		method string
		query  string
		body   string
		ctype  string
		header map[string]string
	}{
		{name: "form body (Node POST)", method: "POST", body: base + "FlowName=demo_flow&Limit=3&ExecutionNamePrefix=run&RequestId=same", ctype: "application/x-www-form-urlencoded"},
		{name: "json body", method: "POST", query: base, body: `{"FlowName":"demo_flow","Limit":3,"ExecutionNamePrefix":"run","RequestId":"same"}`, ctype: "application/json; charset=utf-8"},
		{name: "v3 headers", method: "GET", query: "FlowName=demo_flow&Limit=3&ExecutionNamePrefix=run&RequestId=same", header: map[string]string{"x-acs-action": "ListExecutions", "x-acs-version": "2019-03-15"}},
		{name: "old Go SDK POST, empty form body", method: "POST", query: base + "FlowName=demo_flow&Limit=3&ExecutionNamePrefix=run&RequestId=same", ctype: "application/x-www-form-urlencoded"},
		{name: "signature params ignored", method: "GET", query: base + "FlowName=demo_flow&Limit=3&ExecutionNamePrefix=run&RequestId=same&Format=JSON&RegionId=cn-hangzhou&SignatureType=&Signature=x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, h.ts.URL+"/?"+tt.query, strings.NewReader(tt.body))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			r := h.do(req)
			if r.status != 200 || !bytes.Equal(r.body, want) {
				t.Fatalf("status %d body\n%s\nwant 200\n%s", r.status, r.body, want)
			}
		})
	}
}

func TestMetadataOnly(t *testing.T) {
	h := newHarness(t, mock.Config{})
	r := h.get(base + "FlowName=demo_flow&Limit=5&MetadataOnly=true")
	var p pageBody
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	for _, e := range p.Executions {
		for _, k := range []string{"FlowDefinition", "Input", "Output"} {
			if _, ok := e[k]; ok {
				t.Errorf("execution %v has %s with MetadataOnly=true", e["Name"], k)
			}
		}
	}
}

// broken serves one execution whose bytes break the contract.
type broken struct{}

func (broken) Flow(session, name string) (*fixtures.Flow, error) {
	e := fixtures.Execution{Full: []byte(`{"Name":"x","FlowName":"f","Status":"Bogus","StartedTime":"2024-01-01T00:00:00Z"}`)}
	e.Name, e.FlowName, e.Status = "x", "f", "Bogus"
	return &fixtures.Flow{Name: name, Executions: []fixtures.Execution{e}, Digest: 1}, nil
}

// TestStrictModeCatchesBadResponses: with ValidateResponses, a response outside the contract
// becomes 500 naming the problem instead of reaching the client.
func TestStrictModeCatchesBadResponses(t *testing.T) {
	h := newHarness(t, mock.Config{Data: broken{}})
	r := h.get(base + "FlowName=f")
	e := decodeError(t, r)
	if r.status != 500 || e.Code != "InternalServerError" || !strings.Contains(e.Message, "outside the contract") {
		t.Fatalf("got %d %s %q, want 500 InternalServerError naming the contract violation", r.status, e.Code, e.Message)
	}
}

// TestLastPageBytes: a page that ends a flow's list (written as its head and the flow's
// bytes, Flow.Closing) is the same bytes as the executions joined by hand, with the
// Content-Length of those bytes, and the journal keeps the start of it as of any answer.
func TestLastPageBytes(t *testing.T) {
	set := defaultFixtures(t)
	h := newHarness(t, mock.Config{Data: set, JournalValueBytes: 300})
	tests := []struct {
		name, flow string
		from       int // the first execution on the page
		query      string
	}{
		{name: "one page", flow: "order_pipeline", query: "Limit=100"},
		{name: "one page, exactly full", flow: "order_pipeline", query: "Limit=25"},
		{name: "metadata only", flow: "order_pipeline", query: "Limit=100&MetadataOnly=true"},
		{name: "empty flow", flow: "empty_flow", query: "Limit=10"},
		{name: "last of several pages", flow: "demo_flow", from: 150, query: "Limit=50"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fl, err := set.Flow("", tt.flow)
			if err != nil {
				t.Fatal(err)
			}
			id := "last-page-" + strconv.Itoa(i)
			q := base + "FlowName=" + tt.flow + "&" + tt.query + "&RequestId=" + id
			if tt.from > 0 { // the pages before the last, as a client walks them
				_, pages := walk(t, h, url.Values{"FlowName": {tt.flow}}, 50)
				var p pageBody
				if err := json.Unmarshal(pages[len(pages)-2], &p); err != nil {
					t.Fatal(err)
				}
				q += "&NextToken=" + url.QueryEscape(*p.NextToken)
			}
			r := h.get(q)
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			var parts []string
			for _, e := range fl.Executions[tt.from:] {
				if strings.Contains(tt.query, "MetadataOnly") {
					parts = append(parts, string(e.Meta))
				} else {
					parts = append(parts, string(e.Full))
				}
			}
			want := `{"RequestId":"` + id + `","Executions":[` + strings.Join(parts, ",") + `]}`
			if string(r.body) != want {
				t.Errorf("body …%s\nwant …%s", tailOf(r.body), tailOf([]byte(want)))
			}
			if got, want := r.header.Get("Content-Length"), strconv.Itoa(len(want)); got != want {
				t.Errorf("Content-Length %s, want %s", got, want)
			}
			var kept []string
			for _, rec := range h.srv.Requests(mock.RecordFilter{Action: "ListExecutions"}) {
				if rec.RequestID == id {
					kept = append(kept, rec.Response)
				}
			}
			wantKept := want
			if len(want) > 300 {
				wantKept = want[:300] + "…[truncated, " + strconv.Itoa(len(want)) + " bytes]"
			}
			if len(kept) != 1 || kept[0] != wantKept {
				t.Errorf("journal Response of %s: %.80q, want one: %.80q…", id, kept, wantKept)
			}
		})
	}
}

// tailOf is the last 120 bytes of b, at most.
func tailOf(b []byte) []byte { return b[max(0, len(b)-120):] }
