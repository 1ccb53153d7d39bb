// Package verify is the provider side of contract testing: it calls a target that claims to
// be CloudFlow (the real service, or a flowmock) and checks every answer against the
// contract. Reads run on what the target has; with Write, a full life cycle runs on flows
// named with a prefix, and everything it created is deleted again, even when a step fails.
package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/flowmock/flowmock/conform"
	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/proxy"
	"github.com/flowmock/flowmock/report"
)

// Config configures a run.
type Config struct {
	// Upstream is how the target is called: its URL, credentials and signing.
	Upstream proxy.Config
	// Write runs the life cycle (create, publish, alias, schedule, start, long poll, history,
	// stop, delete) on flows named Prefix…; off, only reads run.
	Write  bool
	Prefix string
	// MaxFlows is how many listed flows the reads look into; 0 means 3.
	MaxFlows int
	// MaxPages is how many pages a paged read follows; 0 means 3.
	MaxPages int
	// Out receives the human summary; nil discards it.
	Out io.Writer
	// Now names the life cycle's resources; nil for time.Now.
	Now func() time.Time
}

// DefaultPrefix is the name prefix of the flows a write run creates when none is given.
const DefaultPrefix = "flowmock-verify-"

// Run runs the reads and, with cfg.Write, the life cycle. The report has a case per action
// called; an error is a configuration problem (the run did not start). Drift is in the
// report: see Report.Totals.
func Run(ctx context.Context, cfg Config) (*report.Report, error) {
	if cfg.Write && cfg.Prefix == "" {
		return nil, fmt.Errorf("verify: --write needs --prefix: the flows the run creates and deletes are named PREFIX…")
	}
	if cfg.Write {
		if err := checkPrefix(cfg.Prefix); err != nil {
			return nil, err
		}
	}
	up, err := proxy.New(cfg.Upstream)
	if err != nil {
		return nil, err
	}
	con, err := contract.Load()
	if err != nil {
		return nil, err
	}
	if cfg.MaxFlows <= 0 {
		cfg.MaxFlows = 3
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 3
	}
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	r := &runner{cfg: cfg, up: up, con: con, chk: conform.New(con), cases: map[string]*report.Case{},
		rep: &report.Report{Tool: "flowmock verify", Target: cfg.Upstream.URL, Started: time.Now().UTC()}}
	r.reads(ctx)
	if cfg.Write {
		r.lifeCycle(ctx)
	}
	r.rep.Finished = time.Now().UTC()
	for _, name := range r.order {
		r.rep.Cases = append(r.rep.Cases, *r.cases[name])
	}
	r.summary()
	return r.rep, nil
}

// checkPrefix refuses a prefix the flow naming rule refuses, before anything is created.
func checkPrefix(p string) error {
	if len(p) > 64 {
		return fmt.Errorf("verify: --prefix %q: at most 64 characters, the rest of the name is the run's", p)
	}
	for i, c := range p {
		ok := c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9' && i > 0)
		if !ok || (i == 0 && c == '-') {
			return fmt.Errorf("verify: --prefix %q: a flow name starts with a letter or an underscore and holds letters, digits, underscores and hyphens", p)
		}
	}
	return nil
}

// runner is one run's state.
type runner struct {
	cfg   Config
	up    *proxy.Upstream
	con   *contract.Contract
	chk   *conform.Checker
	rep   *report.Report
	cases map[string]*report.Case
	order []string
}

// answer is a 200 body, decoded; nil for another status.
type answer map[string]any

// stepError is a call whose answer the run needed and did not get.
type stepError struct{ msg string }

func (e *stepError) Error() string { return e.msg }

func (r *runner) kase(action string) *report.Case {
	c, ok := r.cases[action]
	if !ok {
		c = &report.Case{Name: action}
		r.cases[action] = c
		r.order = append(r.order, action)
	}
	return c
}

// call sends one action with params, checks the answer and records it. It returns the 200
// body, or an error when the target did not answer or answered another status.
func (r *runner) call(ctx context.Context, action string, params map[string]string) (answer, error) {
	return r.expect(ctx, action, params, http.StatusOK)
}

// expect is call for an answer with status want: another status is a failed step.
func (r *runner) expect(ctx context.Context, action string, params map[string]string, want int) (answer, error) {
	c := r.kase(action)
	req, body, err := r.request(ctx, action, params)
	if err != nil {
		c.Errors = append(c.Errors, err.Error())
		return nil, err
	}
	resp, err := r.up.Forward(ctx, &mock.UpstreamRequest{Action: action, Raw: req, Body: body})
	if err != nil {
		c.Transport = append(c.Transport, err.Error())
		return nil, &stepError{msg: action + ": " + err.Error()}
	}
	c.Checked++
	c.Violations = append(c.Violations, r.chk.Check(action, resp.Status, resp.Header, resp.Body)...)
	if resp.Status != want {
		var env struct{ Code, Message string }
		_ = json.Unmarshal(resp.Body, &env)
		err := &stepError{msg: fmt.Sprintf("%s answered %d %s, want %d: %s", action, resp.Status, env.Code, want, env.Message)}
		c.Errors = append(c.Errors, err.msg)
		return nil, err
	}
	var a answer
	if want != http.StatusOK {
		return a, nil
	}
	if err := json.Unmarshal(resp.Body, &a); err != nil {
		err := &stepError{msg: action + ": the 200 body is not a JSON object"}
		c.Errors = append(c.Errors, err.msg)
		return nil, err
	}
	return a, nil
}

// request builds the request an SDK would send: GET with every parameter in the query, POST
// with Action and Version in the query and the rest in a form body. proxy signs it.
func (r *runner) request(ctx context.Context, action string, params map[string]string) (*http.Request, []byte, error) {
	a, ok := r.con.Action(action)
	if !ok {
		return nil, nil, fmt.Errorf("verify: %s is not in the contract", action)
	}
	wire := url.Values{r.con.Wire.Action: {action}, r.con.Wire.Version: {r.con.Wire.Versions[len(r.con.Wire.Versions)-1]}}
	rest := url.Values{}
	for k, v := range params {
		rest.Set(k, v)
	}
	method := strings.ToUpper(a.Method)
	var body []byte
	if method == http.MethodPost && len(rest) > 0 {
		body = []byte(rest.Encode())
	} else {
		for k, vs := range rest {
			wire[k] = vs
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://verify.invalid/?"+wire.Encode(), nil)
	if err != nil {
		return nil, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("User-Agent", "flowmock-verify")
	return req, body, nil
}

// summary writes one line per action, then its problems.
func (r *runner) summary() {
	w := r.cfg.Out
	for i := range r.rep.Cases {
		c := &r.rep.Cases[i]
		mark := "ok  "
		if c.Failed() {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "%s %-22s %d answers, %d violations\n", mark, c.Name, c.Checked, len(c.Violations))
		for _, v := range c.Violations {
			fmt.Fprintf(w, "       %s\n", v)
		}
		for _, e := range append(append([]string{}, c.Errors...), c.Transport...) {
			fmt.Fprintf(w, "       %s\n", e)
		}
	}
	v, t, e := r.rep.Totals()
	fmt.Fprintf(w, "%d actions, %d violations, %d transport problems, %d failed steps\n", len(r.rep.Cases), v, t, e)
}

// items returns the objects of the list under key in a, e.g. Flows.
func items(a answer, key string) []map[string]any {
	l, _ := a[key].([]any)
	out := make([]map[string]any, 0, len(l))
	for _, x := range l {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func str(m map[string]any, key string) string { s, _ := m[key].(string); return s }
