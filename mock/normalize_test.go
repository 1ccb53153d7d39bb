package mock_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// TestDuplicateWireParameters: Action and Version name the action, so one given twice (in
// the query, a form or JSON body, or the x-acs-* headers) with no way to tell which counts is
// InvalidArgument naming it; a JSON body's duplicate key is refused the same way.
func TestDuplicateWireParameters(t *testing.T) {
	h := newHarness(t, mock.Config{})
	const list = "Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow"
	tests := []struct {
		name, query, body, ctype string
		header                   map[string]string
		status                   int
		contains                 string
	}{
		{name: "Action twice in the query", query: "Action=ListExecutions&Action=DeleteFlow&Version=2019-03-15&FlowName=demo_flow", status: 400, contains: "Action: given 2 times"},
		{name: "Action twice, same value", query: "Action=ListExecutions&" + list, status: 400, contains: "Action: given 2 times"},
		{name: "Version twice", query: list + "&Version=2019-03-15", status: 400, contains: "Version: given 2 times"},
		{name: "Action twice in a form body", query: "Version=2019-03-15&FlowName=demo_flow", body: "Action=ListExecutions&Action=DeleteFlow", ctype: "application/x-www-form-urlencoded", status: 400, contains: "Action: given 2 times"},
		{name: "Action twice in a JSON body", query: "Version=2019-03-15&FlowName=demo_flow", body: `{"Action":"ListExecutions","Action":"DeleteFlow"}`, ctype: "application/json", status: 400, contains: "Action: given twice in the JSON body"},
		{name: "any key twice in a JSON body", query: "Action=ListExecutions&Version=2019-03-15", body: `{"FlowName":"demo_flow","FlowName":"other"}`, ctype: "application/json", status: 400, contains: "FlowName: given twice in the JSON body"},
		{name: "query and header disagree", query: list, header: map[string]string{"x-acs-action": "DeleteFlow"}, status: 400, contains: "x-acs-action header"},
		{name: "header twice", query: "Version=2019-03-15&FlowName=demo_flow", header: map[string]string{"x-acs-action": "ListExecutions", "X-Acs-Action": "DeleteFlow"}, status: 400, contains: "x-acs-action header given 2 times"},
		{name: "query and header agree", query: list, header: map[string]string{"x-acs-action": "ListExecutions", "x-acs-version": "2019-03-15"}, status: 200},
		{name: "header alone", query: "FlowName=demo_flow", header: map[string]string{"x-acs-action": "ListExecutions", "x-acs-version": "2019-03-15"}, status: 200},
		{name: "JSON body once", query: "Version=2019-03-15", body: `{"Action":"ListExecutions","FlowName":"demo_flow","Limit":2}`, ctype: "application/json", status: 200},
		{name: "JSON body with data after it", query: list, body: `{"Limit":2} {}`, ctype: "application/json", status: 400, contains: "JSON body must be an object"},
		{name: "JSON body with a nested value", query: list, body: `{"Limit":{"a":1}}`, ctype: "application/json", status: 400, contains: "Limit: a JSON body parameter must be"},
		{name: "JSON body cut short", query: list, body: `{"Limit":2`, ctype: "application/json", status: 400, contains: "JSON body must be an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodGet
			var body io.Reader
			if tt.body != "" {
				method, body = http.MethodPost, strings.NewReader(tt.body)
			}
			req, _ := http.NewRequest(method, h.ts.URL+"/?"+tt.query, body)
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			for k, v := range tt.header {
				req.Header.Add(k, v)
			}
			r := h.do(req)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d; body %s", r.status, tt.status, r.body)
			}
			if tt.status == 200 {
				return
			}
			e := decodeError(t, r)
			if e.Code != "InvalidArgument" || !strings.Contains(e.Message, tt.contains) {
				t.Errorf("got %s %q, want InvalidArgument containing %q", e.Code, e.Message, tt.contains)
			}
		})
	}
}
