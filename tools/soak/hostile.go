package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Hostile requests: -hostile of all requests come from the list of issue 17 (what a broken
// or hostile client sends), each counted under its name and, in a table of its own, by the
// class of its answer (status and code). Any answer but a 5xx or a broken connection is
// fine for them: some are refused by a limit, some are still served until their fix lands.
const (
	hToken     = "hostile 1 MB TaskToken"
	hSessionID = "hostile 20 KB session id"
	hDeep      = "hostile deep definition"
	hWait      = "hostile 1e10 s Wait"
	hRepeat    = "hostile nested repeat"
	hDupAction = "hostile duplicate Action"
	hPolls     = "hostile long polls"
	hBigFlow   = "hostile 700 KB flow"
)

var hostileNames = []string{hToken, hSessionID, hDeep, hWait, hRepeat, hDupAction, hPolls, hBigFlow}

// hostileSizes are the sizes of the hostile inputs: moderate by default, the issue's own with
// -hostile-full (which kills a server without the expression and depth limits).
type hostileSizes struct {
	depth           int // nesting of the deep definition
	repeat, repeat2 int // repeat(repeat("a", repeat), repeat2)
	polls           int // long polls sent at once
}

func sizes(full bool) hostileSizes {
	if full {
		return hostileSizes{depth: 10000, repeat: 999999, repeat2: 1000000, polls: 32}
	}
	return hostileSizes{depth: 2000, repeat: 1000, repeat2: 1000, polls: 12}
}

// classes counts hostile answers by name and class ("400 InvalidArgument", "200", "transport
// error").
type classes struct {
	mu sync.Mutex
	by map[string]map[string]int64
}

func (c *classes) add(name, class string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string]map[string]int64{}
	}
	if c.by[name] == nil {
		c.by[name] = map[string]int64{}
	}
	c.by[name][class]++
}

// lines returns one line per hostile name: its classes, most frequent first.
func (c *classes) lines() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, name := range hostileNames {
		m := c.by[name]
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(a, b int) bool { return m[keys[a]] > m[keys[b]] || m[keys[a]] == m[keys[b]] && keys[a] < keys[b] })
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s ×%s", k, group(m[k]))
		}
		out = append(out, fmt.Sprintf("%-26s %s", name, strings.Join(parts, ", ")))
	}
	return out
}

// hostile sends one hostile request (or a small group of them), chosen at random, in a
// session of the worker's own (rotated and reset every 16 of them, so what they leave
// running or stored comes and goes).
func (w *worker) hostile() error {
	n := w.hostileN
	w.hostileN++
	session := fmt.Sprintf("hostile-%d-%d", w.id, (n/16)%4)
	if n%16 == 0 {
		if err := w.raw(hWait, session, http.MethodPost, "/_mock/sessions/"+session+"/reset", nil, nil); err != nil {
			return err
		}
	}
	sz := w.r.hsizes
	no := strconv.Itoa(n)
	switch name := hostileNames[w.rng.IntN(len(hostileNames))]; name {
	case hToken:
		return w.rawAPI(name, session, vals("Action", "ReportTaskSucceeded", "TaskToken", strings.Repeat("T", 1_000_000), "Output", "{}"))
	case hSessionID:
		return w.rawAPI(name, strings.Repeat("h", 20<<10)+no, vals("Action", "ListFlows"))
	case hDeep:
		def := "Type: StateMachine\nSpecVersion: v1\nName: deep-" + no + "\nStartAt: P\nStates:\n  - Type: Pass\n    Name: P\n    OutputConstructor:\n      k: " +
			strings.Repeat(`{"k":`, sz.depth) + "1" + strings.Repeat("}", sz.depth) + "\n    End: true\n"
		return w.rawAPI(name, session, vals("Action", "CreateFlow", "Name", "deep-"+no, "Type", "FDL", "Description", "d", "Definition", def))
	case hWait:
		def := "Type: StateMachine\nSpecVersion: v1\nName: hwait\nStartAt: W\nStates:\n  - Type: Wait\n    Name: W\n    Seconds.$: $Input.s\n    End: true\n"
		if err := w.rawAPI(name, session, vals("Action", "CreateFlow", "Name", "hwait", "Type", "FDL", "Description", "d", "Definition", def)); err != nil {
			return err
		}
		return w.rawAPI(name, session, vals("Action", "StartExecution", "FlowName", "hwait", "ExecutionName", "w-"+no, "Input", `{"s":1e10}`))
	case hRepeat:
		def := fmt.Sprintf("Type: StateMachine\nSpecVersion: v1\nName: hrepeat\nStartAt: P\nStates:\n  - Type: Pass\n    Name: P\n    OutputConstructor:\n      n.$: len(repeat(repeat(\"a\", %d), %d))\n    End: true\n", sz.repeat, sz.repeat2)
		if err := w.rawAPI(name, session, vals("Action", "CreateFlow", "Name", "hrepeat", "Type", "FDL", "ExecutionMode", "Express", "Description", "d", "Definition", def)); err != nil {
			return err
		}
		return w.rawAPI(name, session, vals("Action", "StartSyncExecution", "FlowName", "hrepeat", "Input", "{}"))
	case hDupAction:
		return w.raw(name, session, http.MethodGet, "/?Action=ListFlows&Action=DescribeRegions&Version=2019-03-15", nil, nil)
	case hPolls:
		return w.longPolls(session, no, sz.polls)
	default: // hBigFlow
		def := "Type: StateMachine\nSpecVersion: v1\nName: big-" + no + "\nStartAt: P\nStates:\n  - Type: Pass\n    Name: P\n    End: true\n# " + strings.Repeat("b", 700<<10) + "\n"
		return w.rawAPI(name, session, vals("Action", "CreateFlow", "Name", "big-"+no, "Type", "FDL", "Description", "d", "Definition", def))
	}
}

// longPolls starts an execution waiting for a callback and long-polls it with many requests
// at once (each waits a second at most, or answers at once past the server's limit).
func (w *worker) longPolls(session, no string, n int) error {
	def := "Type: StateMachine\nSpecVersion: v1\nName: hcb\n" + definitions[cbFlow]
	if err := w.rawAPI(hPolls, session, vals("Action", "CreateFlow", "Name", "hcb", "Type", "FDL", "Description", "d", "Definition", def)); err != nil {
		return err
	}
	if err := w.rawAPI(hPolls, session, vals("Action", "StartExecution", "FlowName", "hcb", "ExecutionName", "hold-"+no)); err != nil {
		return err
	}
	errs := make(chan error, n)
	for range n {
		go func() {
			errs <- w.raw(hPolls, session, http.MethodGet, "/?"+vals("Action", "DescribeExecution", "Version", "2019-03-15", "FlowName", "hcb", "ExecutionName", "hold-"+no, "WaitTimeSeconds", "1").Encode(), nil, nil)
		}()
	}
	var first error
	for range n {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// rawAPI POSTs an API request as a form in session.
func (w *worker) rawAPI(name, session string, v url.Values) error {
	v.Set("Version", "2019-03-15")
	return w.raw(name, session, http.MethodPost, "/", strings.NewReader(v.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
}

// raw sends one hostile request and counts its answer: a 5xx is unexpected, a broken
// connection is other, anything else is ok and counted by class.
func (w *worker) raw(name, session, method, path string, body *strings.Reader, h http.Header) error {
	if !w.r.take() {
		return errStop
	}
	var req *http.Request
	if body != nil {
		req, _ = http.NewRequestWithContext(w.ctx, method, w.r.t.url+path, body)
	} else {
		req, _ = http.NewRequestWithContext(w.ctx, method, w.r.t.url+path, nil)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("X-Mock-Session", session)
	status, b, d, err := w.do(req)
	if w.ctx.Err() != nil {
		return errStop
	}
	var a answer
	_ = json.Unmarshal(b, &a)
	class := strconv.Itoa(status)
	if a.Code != "" {
		class += " " + a.Code
	}
	k, why := kindOK, ""
	switch {
	case err != nil:
		k, why, class = kindOther, "transport error: "+err.Error(), "transport error"
	case status >= 500:
		k, why = kind5xx, fmt.Sprintf("status %d %s: %.200s", status, a.Code, a.Message)
	}
	w.r.hostileClasses.add(name, class)
	w.r.st.record(name, k, d, why)
	return nil
}
