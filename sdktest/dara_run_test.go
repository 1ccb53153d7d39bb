package sdktest_test

// A table run through the Darabonba core's CallApi in a session of its own: the client, the
// wire log that checks where CallApi put each parameter, and the answers' shapes. The generated
// fnf-20190315 v3 client is not downloadable here, so its calls are rebuilt from its source: reads
// are GET with every parameter in the query (openapiutil.Query), writes POST with the parameters in a
// form body (openapiutil.ParseToMap), except UpdateMapRun (GET) and DescribeRegions (POST);
// ReportTask* put TaskToken in the query and CreateSchedule SignatureVersion; Environment and
// RoutingConfigurations travel as JSON text in one form field
// (openapiutil.ArrayToStringWithSpecifiedStyle(…, "json")).

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/flowmock/flowmock/mock"
)

// daraRun is one table run through a Darabonba client in its own session.
type daraRun struct {
	h       *harness
	c       *openapi.Client
	session string
	wire    *wireLog
}

// wireRequest is how a request reached the server: its method, URL query and form body.
type wireRequest struct {
	method      string
	query, form url.Values
}

// wireLog records every request a server receives by the request id it answers with, so the
// table can check where CallApi put each parameter.
type wireLog struct {
	mu   sync.Mutex
	byID map[string]wireRequest
}

func newWireLog() *wireLog { return &wireLog{byID: map[string]wireRequest{}} }

// middleware records a request when the mock starts its answer (the x-acs-request-id header
// is set by then), before the client can have read it.
func (l *wireLog) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		wr := wireRequest{method: r.Method, query: r.URL.Query()}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			wr.form, _ = url.ParseQuery(string(body))
		}
		next.ServeHTTP(&wireWriter{ResponseWriter: w, record: func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.byID[w.Header().Get("x-acs-request-id")] = wr
		}}, r)
	})
}

// wireWriter calls record once, when the status is written.
type wireWriter struct {
	http.ResponseWriter
	record func()
	done   bool
}

func (w *wireWriter) WriteHeader(status int) {
	if !w.done {
		w.done = true
		w.record()
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *wireWriter) Write(b []byte) (int, error) {
	if !w.done {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *wireWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// checkWire checks that the request answered with id went out as the generated client sends
// it: the method, each query parameter in the URL query, each body parameter in the form body
// (and not in the URL query), with the value given (JSON text for structured ones).
func (d *daraRun) checkWire(t *testing.T, id, action, method string, query, body map[string]any) {
	t.Helper()
	d.wire.mu.Lock()
	wr, ok := d.wire.byID[id]
	d.wire.mu.Unlock()
	if !ok {
		t.Errorf("%s: no request with id %q reached the server", action, id)
		return
	}
	wantEq(t, action+" method on the wire", wr.method, method)
	for k, v := range openapiutil.Query(query) {
		if got := wr.query.Get(k); got != dara.StringValue(v) {
			t.Errorf("%s: URL query %s=%q, want %q", action, k, got, dara.StringValue(v))
		}
	}
	for k, v := range openapiutil.Query(openapiutil.ParseToMap(body)) {
		if got := wr.form.Get(k); got != dara.StringValue(v) {
			t.Errorf("%s: form body %s=%q, want %q", action, k, got, dara.StringValue(v))
		}
		if wr.query.Has(k) {
			t.Errorf("%s: body parameter %s is in the URL query too", action, k)
		}
	}
}

// call is CallApi as the generated client makes it for action: Params as in every
// *WithOptions, query through openapiutil.Query, body through openapiutil.ParseToMap.
func (d *daraRun) call(action, method string, query, body map[string]any) (map[string]any, error) {
	params := &openapi.Params{
		Action:      dara.String(action),
		Version:     dara.String("2019-03-15"),
		Protocol:    dara.String("HTTPS"), // the Config's "HTTP" wins
		Pathname:    dara.String("/"),
		Method:      dara.String(method),
		AuthType:    dara.String("AK"),
		Style:       dara.String("RPC"),
		ReqBodyType: dara.String("formData"),
		BodyType:    dara.String("json"),
	}
	req := &openapi.OpenApiRequest{Headers: map[string]*string{mock.HeaderSession: dara.String(d.session)}}
	if query != nil {
		req.Query = openapiutil.Query(query)
	}
	if body != nil {
		req.Body = openapiutil.ParseToMap(body)
	}
	return d.c.CallApi(params, req, &dara.RuntimeOptions{})
}

// ok calls action and wants a 200: the request id in the body and the x-acs-request-id
// header, the server's record (session, action, method), and the body against the
// contract's result schema. It returns the body.
func (d *daraRun) ok(t *testing.T, action, method string, query, body map[string]any) []byte {
	t.Helper()
	res, err := d.call(action, method, query, body)
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	// CallApi returns {"statusCode", "headers", "body"} after a JSON round trip.
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatalf("%s: re-encode result: %v", action, err)
	}
	var out struct {
		StatusCode int               `json:"statusCode"`
		Headers    map[string]string `json:"headers"`
		Body       json.RawMessage   `json:"body"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: decode result %s: %v", action, raw, err)
	}
	var id struct{ RequestId string }
	if err := json.Unmarshal(out.Body, &id); err != nil {
		t.Fatalf("%s: body %s: %v", action, out.Body, err)
	}
	wantEq(t, action+" HTTP status", out.StatusCode, http.StatusOK)
	if id.RequestId == "" {
		t.Errorf("%s: RequestId is empty", action)
	}
	wantEq(t, action+" x-acs-request-id", out.Headers["x-acs-request-id"], id.RequestId)
	checkJournal(t, d.h, id.RequestId, d.session, action, method, http.StatusOK, "")
	d.checkWire(t, id.RequestId, action, method, query, body)
	checkContract(t, action, out.Body)
	return out.Body
}

// fail calls action and wants the SDK's typed error (*tea.SDKError) for code and status.
func (d *daraRun) fail(t *testing.T, action, method string, query, body map[string]any, code string, status int, msgHas ...string) {
	t.Helper()
	_, err := d.call(action, method, query, body)
	if err == nil {
		t.Fatalf("%s succeeded, want %s (HTTP %d)", action, code, status)
	}
	ae, ok := (&darabonba{}).apiError(err)
	if !ok {
		t.Fatalf("%s: error is %T, not the SDK's typed error *tea.SDKError: %v", action, err, err)
	}
	checkAPIError(t, d.h, d.session, action, method, ae, code, status, msgHas...)
	if id := ae.RequestIDs["Data.RequestId"]; id != "" {
		d.checkWire(t, id, action, method, query, body)
	}
}

// decode unmarshals a 200 body into v.
func decode(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}

// jsonField is what the generated client sends for a structured parameter: the value as JSON
// text (ArrayToStringWithSpecifiedStyle with style "json").
func jsonField(v any, name string) *string {
	return openapiutil.ArrayToStringWithSpecifiedStyle(v, dara.String(name), dara.String("json"))
}

// The fields the table checks, as the contract names them.
type (
	variable    struct{ Name, Value, Description string }
	environment struct{ Variables []variable }
	flowBody    struct {
		Name, Id, Type, Definition, Description, RoleArn, ExecutionMode string
		CreatedTime, LastModifiedTime, ResourceGroupId                  string
		Environment                                                     *environment
	}
	route struct {
		Version string
		Weight  int
	}
	aliasBody struct {
		Name, Description, CreatedTime string
		RoutingConfigurations          []route
	}
	scheduleBody struct {
		ScheduleId, ScheduleName, Description, Payload, CronExpression, CreatedTime, LastModifiedTime string
		Enable                                                                                        bool
	}
)

// daraKinds are the two Darabonba signatures: "v2" (V1, what the generated client sets) and
// the default (V3).
var daraKinds = []struct{ name, algorithm string }{
	{name: "dara V1", algorithm: "v2"},
	{name: "dara V3"},
}
