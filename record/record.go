// Package record turns what a validating proxy saw into a fixture directory that
// `flowmock serve --fixtures DIR` serves as is: the flows with their definitions (from
// ListFlows and DescribeFlow answers) and their executions (from complete ListExecutions
// walks). Identifiers that name an account are replaced consistently (see Redact).
package record

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sync"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
)

// Recorder is a mock.Upstream that forwards to another and remembers the flows and
// executions in its answers. It is safe for concurrent use.
type Recorder struct {
	inner mock.Upstream

	mu    sync.Mutex
	flows map[string]*flow
	walks map[string]*walk // flow → the ListExecutions walk under way
}

type flow struct {
	definition *string
	executions []cloudflow.Execution // from the last complete walk; nil when none completed
}

// walk is an unfiltered ListExecutions walk of one flow, page by page.
type walk struct {
	next  string // the NextToken the next page must carry
	execs []cloudflow.Execution
}

// New returns a Recorder in front of inner.
func New(inner mock.Upstream) *Recorder {
	return &Recorder{inner: inner, flows: map[string]*flow{}, walks: map[string]*walk{}}
}

// Forward implements mock.Upstream: it forwards and records what the answer shows.
func (r *Recorder) Forward(ctx context.Context, req *mock.UpstreamRequest) (*mock.UpstreamResponse, error) {
	resp, err := r.inner.Forward(ctx, req)
	ok := err == nil && resp.Status == http.StatusOK
	r.mu.Lock()
	defer r.mu.Unlock()
	switch req.Action {
	case "ListFlows":
		if ok {
			r.listFlows(resp.Body)
		}
	case "DescribeFlow":
		if ok && req.Params.Get("FlowVersion") == "" {
			r.describeFlow(resp.Body)
		}
	case "ListExecutions":
		r.listExecutions(req.Params, ok, resp)
	}
	return resp, err
}

func (r *Recorder) flow(name string) *flow {
	f := r.flows[name]
	if f == nil {
		f = &flow{}
		r.flows[name] = f
	}
	return f
}

func (r *Recorder) listFlows(body []byte) {
	var page struct{ Flows []cloudflow.Flow }
	if json.Unmarshal(body, &page) != nil {
		return
	}
	for _, f := range page.Flows {
		if f.Name != "" {
			r.flow(f.Name).definition = &f.Definition
		}
	}
}

func (r *Recorder) describeFlow(body []byte) {
	var f struct{ Name, Definition string }
	if json.Unmarshal(body, &f) == nil && f.Name != "" {
		r.flow(f.Name).definition = &f.Definition
	}
}

// filters are the ListExecutions parameters that make a page a subset of the executions; a
// walk with any of them does not record.
var filters = []string{"Status", "StartedTimeBegin", "StartedTimeEnd", "ExecutionNamePrefix", "MetadataOnly", "Qualifier", "MapRunName"}

// listExecutions follows an unfiltered walk: the first page (no NextToken) starts it, each
// page that carries the last answer's NextToken continues it, the page without a NextToken
// completes it and its executions replace the flow's. A failed page ends the walk, recording
// nothing.
func (r *Recorder) listExecutions(params url.Values, ok bool, resp *mock.UpstreamResponse) {
	name := params.Get("FlowName")
	for _, f := range filters {
		if params.Get(f) != "" && params.Get(f) != "false" {
			return
		}
	}
	token := params.Get("NextToken")
	w := r.walks[name]
	if !ok {
		delete(r.walks, name)
		return
	}
	var page struct {
		Executions []cloudflow.Execution
		NextToken  string
	}
	if json.Unmarshal(resp.Body, &page) != nil {
		delete(r.walks, name)
		return
	}
	switch {
	case token == "":
		w = &walk{}
		r.walks[name] = w
	case w == nil || w.next != token:
		return // a page of a walk that did not start here
	}
	w.execs = append(w.execs, page.Executions...)
	w.next = page.NextToken
	if page.NextToken == "" {
		r.flow(name).executions = append([]cloudflow.Execution{}, w.execs...)
		delete(r.walks, name)
	}
}
