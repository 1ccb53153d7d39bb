package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/flowmock/flowmock/gen/control"
)

// mode says what a request asks the mock for besides its action.
type mode struct {
	inject   *injection // X-Mock-Error
	scenario string     // X-Mock-Scenario: a fault
}

// extras sends, by chance, an injected-error, a fault or a hostile request before the request of
// action: the injected error on the same request (the client then retries it, as SDKs
// retry throttling), the fault on the same request when the action only reads, else on a
// ListFlows (a fault answers after the action ran, so a write would happen twice).
func (w *worker) extras(l *life, action string, params url.Values) error {
	r := w.r
	x := w.rng.Float64()
	switch {
	case x < r.pInject:
		codes := r.inject[action]
		if action == "" || len(codes) == 0 {
			action, params, codes = "ListFlows", vals("Limit", "1"), r.inject["ListFlows"]
		}
		inj := codes[w.rng.IntN(len(codes))]
		_, _, err := w.send(l, action, params, mode{inject: &inj}, want{})
		return err
	case x < r.pInject+r.pFault:
		sc := faultReset
		if w.rng.IntN(4) == 0 {
			sc = faultBroken
		}
		if action == "" || r.actions[action].Method != http.MethodGet {
			action, params = "ListFlows", vals("Limit", "1")
		}
		_, _, err := w.send(l, action, params, mode{scenario: sc}, want{})
		return err
	case x < r.pInject+r.pFault+r.pHostile:
		return w.hostile()
	}
	return nil
}

// api sends an API request (after its extras) and classifies the answer.
func (w *worker) api(l *life, action string, params url.Values, wt want) (*answer, kind, error) {
	if err := w.extras(l, action, params); err != nil {
		return nil, 0, err
	}
	return w.send(l, action, params, mode{}, wt)
}

// send sends one API request the way the SDKs do (GET with a query or POST with a form, as
// the contract says; a fault request always POSTs, since Go's transport silently resends a
// GET whose reused connection broke) and counts its answer.
func (w *worker) send(l *life, action string, params url.Values, m mode, wt want) (*answer, kind, error) {
	r := w.r
	if !r.take() {
		return nil, 0, errStop
	}
	v := url.Values{}
	for k, vs := range params {
		v[k] = vs
	}
	v.Set("Action", action)
	v.Set("Version", "2019-03-15")
	method := r.actions[action].Method
	if m.scenario != "" {
		method = http.MethodPost
	}
	var req *http.Request
	if method == http.MethodGet {
		req, _ = http.NewRequestWithContext(w.ctx, method, r.t.url+"/?"+v.Encode(), nil)
	} else {
		req, _ = http.NewRequestWithContext(w.ctx, method, r.t.url+"/", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("X-Mock-Session", l.session)
	if m.inject != nil {
		req.Header.Set("X-Mock-Error", m.inject.code)
	}
	if m.scenario != "" {
		req.Header.Set("X-Mock-Scenario", m.scenario)
	}
	status, body, d, err := w.do(req)
	if w.ctx.Err() != nil {
		return nil, 0, errStop // the run is over: not an answer
	}
	a := &answer{took: d}
	var jerr error
	if err == nil {
		jerr = json.Unmarshal(body, a)
	}
	k, why := classify(m, wt, status, a, err, jerr)
	if k == kindLimited {
		l.limited = true
	}
	r.st.record(action, k, d, why)
	return a, k, nil
}

func classify(m mode, wt want, status int, a *answer, err, jerr error) (kind, string) {
	got := func() string {
		if err != nil {
			return "transport error: " + err.Error()
		}
		if jerr != nil {
			return fmt.Sprintf("status %d, malformed JSON: %v", status, jerr)
		}
		if a.Code != "" {
			return fmt.Sprintf("status %d %s: %s", status, a.Code, a.Message)
		}
		return fmt.Sprintf("status %d", status)
	}
	switch {
	case m.scenario != "":
		if err != nil || jerr != nil {
			return kindFault, ""
		}
		if status >= 500 {
			return kind5xx, got() + " (with fault scenario " + m.scenario + ")"
		}
		return kindOther, "fault scenario " + m.scenario + " answered whole: " + got()
	case m.inject != nil:
		if err == nil && jerr == nil && status == m.inject.status && a.Code == m.inject.code {
			return kindInjected, ""
		}
		if err == nil && status >= 500 {
			return kind5xx, got() + ", want injected " + m.inject.code
		}
		return kindOther, got() + ", want injected " + m.inject.code
	}
	wantStatus := wt.status
	if wantStatus == 0 {
		wantStatus = http.StatusOK
	}
	switch {
	case err != nil:
		return kindOther, got()
	case status >= 500:
		return kind5xx, got()
	case jerr != nil:
		return kindOther, got()
	case status != wantStatus && limitAnswer(status, a):
		return kindLimited, ""
	case status != wantStatus || a.Code != wt.code:
		return kindOther, fmt.Sprintf("%s, want %d %s", got(), wantStatus, wt.code)
	case wt.check != nil:
		if why := wt.check(a); why != "" {
			return kindOther, why
		}
	}
	return kindOK, ""
}

// ctl sends a control-plane request through the generated client (after the extras of a
// ListFlows) and counts its answer; check looks at a 200's body and returns what is wrong,
// or "".
func (w *worker) ctl(l *life, name string, send func(context.Context, *control.Client) (*http.Response, error), check func([]byte) string) ([]byte, error) {
	if err := w.extras(l, "", nil); err != nil {
		return nil, err
	}
	if !w.r.take() {
		return nil, errStop
	}
	t0 := time.Now()
	status, body := 0, []byte(nil)
	res, err := send(w.ctx, w.r.control)
	if err == nil {
		status = res.StatusCode
		body, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	d := time.Since(t0)
	if w.ctx.Err() != nil {
		return nil, errStop
	}
	k, why := kindOK, ""
	switch {
	case err != nil:
		k, why = kindOther, "transport error: "+err.Error()
	case status >= 500:
		k, why = kind5xx, fmt.Sprintf("status %d: %.200s", status, body)
	case status != http.StatusOK:
		k, why = kindOther, fmt.Sprintf("status %d: %.200s", status, body)
	case check != nil:
		if why = check(body); why != "" {
			k = kindOther
		}
	}
	w.r.st.record(name, k, d, why)
	return body, nil
}

// do sends req and reads the whole answer; the duration is to the end of the body.
func (w *worker) do(req *http.Request) (status int, body []byte, d time.Duration, err error) {
	t0 := time.Now()
	res, err := w.r.client.Do(req)
	if err == nil {
		status = res.StatusCode
		body, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	return status, body, time.Since(t0), err
}

// limitAnswer reports whether an answer is a global limit's: 429 ResourceThrottled or 400
// InvalidArgument whose message names the limit's flag.
func limitAnswer(status int, a *answer) bool {
	return (status == http.StatusTooManyRequests && a.Code == "ResourceThrottled" || status == http.StatusBadRequest && a.Code == "InvalidArgument") &&
		strings.Contains(a.Message, "(--max-")
}
