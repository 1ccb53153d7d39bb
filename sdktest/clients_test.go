package sdktest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"
)

// query holds the ListExecutions parameters the suite sends. Empty strings are not sent.
type query struct {
	FlowName  string
	Limit     string
	NextToken string
	Status    string
}

// page is one successful ListExecutions answer as the SDK reported it.
type page struct {
	Status          int    // HTTP status
	RequestID       string // RequestId of the body
	HeaderRequestID string // x-acs-request-id response header
	NextToken       string
	Executions      []execution
}

// apiError is what an SDK's typed error says about the server's error response.
type apiError struct {
	Code   string
	Status int
	// Message is the server's Message as the SDK exposes it.
	Message string
	// RequestIDs are all the places the SDK exposes the request id, by name, so a test can
	// check each one against what the server sent.
	RequestIDs map[string]string
}

// client is one official SDK configured one way, reduced to the calls the suite makes.
type client interface {
	// list calls ListExecutions once, adding header to the request's headers.
	list(q query, header map[string]string) (page, error)
	// apiError returns what err, the SDK's typed error for an error response, carries; ok is
	// false when err is not that type.
	apiError(err error) (e apiError, ok bool)
	// networkError reports whether err is the SDK's error for a failed connection.
	networkError(err error) bool
}

// clientKind names a client and builds one for an endpoint (host:port) and credentials.
type clientKind struct {
	name  string
	build func(endpoint, accessKeyID, secret string) (client, error)
}

// newClientMu serializes building clients (not calling them). The old SDK is not safe for
// concurrent construction: fnf.NewClientWithAccessKey → SetEndpointDataToClient →
// GetEndpointMap fills the package variable fnf.EndpointMap on first use without
// synchronization (services/fnf/endpoint.go), which go test -race reports when two clients are
// built at once.
var newClientMu sync.Mutex

// new builds a client of kind k.
func (k clientKind) new(endpoint, accessKeyID, secret string) (client, error) {
	newClientMu.Lock()
	defer newClientMu.Unlock()
	return k.build(endpoint, accessKeyID, secret)
}

var clientKinds = []clientKind{
	{name: "go-old GET", build: func(ep, id, secret string) (client, error) { return newOldSDK(ep, id, secret, requests.GET) }},
	{name: "go-old POST", build: func(ep, id, secret string) (client, error) { return newOldSDK(ep, id, secret, requests.POST) }},
	{name: "dara V1", build: func(ep, id, secret string) (client, error) { return newDarabonba(ep, id, secret, "v2") }},
	{name: "dara V3", build: func(ep, id, secret string) (client, error) { return newDarabonba(ep, id, secret, "") }},
}

// --- old Go SDK: github.com/aliyun/alibaba-cloud-sdk-go/services/fnf ---

type oldSDK struct {
	c      *fnf.Client
	method string
}

// newOldFnfClient is the README's snippet: the old SDK's fnf client aimed at the mock.
func newOldFnfClient(endpoint, accessKeyID, secret string) (*fnf.Client, error) {
	c, err := fnf.NewClientWithAccessKey("cn-hangzhou", accessKeyID, secret)
	if err != nil {
		return nil, err
	}
	c.Domain = endpoint // "127.0.0.1:PORT"; the default scheme is HTTP
	return c, nil
}

func newOldSDK(endpoint, accessKeyID, secret, method string) (client, error) {
	c, err := newOldFnfClient(endpoint, accessKeyID, secret)
	if err != nil {
		return nil, err
	}
	return &oldSDK{c: c, method: method}, nil
}

func (o *oldSDK) list(q query, header map[string]string) (page, error) {
	req := fnf.CreateListExecutionsRequest()
	req.Method = o.method // requests.GET or requests.POST
	req.FlowName = q.FlowName
	req.Limit = requests.Integer(q.Limit)
	req.NextToken = q.NextToken
	req.Status = q.Status
	for k, v := range header {
		req.GetHeaders()[k] = v
	}
	resp, err := o.c.ListExecutions(req)
	if err != nil {
		return page{}, err
	}
	p := page{
		Status:          resp.GetHttpStatus(),
		RequestID:       resp.RequestId,
		HeaderRequestID: http.Header(resp.GetHttpHeaders()).Get("x-acs-request-id"),
		NextToken:       resp.NextToken,
	}
	for _, e := range resp.Executions {
		p.Executions = append(p.Executions, execution{
			Name: e.Name, FlowName: e.FlowName, FlowDefinition: e.FlowDefinition,
			Input: e.Input, Output: e.Output, Status: e.Status,
			StartedTime: e.StartedTime, StoppedTime: e.StoppedTime,
		})
	}
	return p, nil
}

func (o *oldSDK) apiError(err error) (apiError, bool) {
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		return apiError{}, false
	}
	return apiError{
		Code:    se.ErrorCode(),
		Status:  se.HttpStatus(),
		Message: se.Message(),
		RequestIDs: map[string]string{
			"RequestId()":                   se.RequestId(),
			"RespHeaders[x-acs-request-id]": http.Header(se.RespHeaders).Get("x-acs-request-id"),
		},
	}, true
}

// networkError: with AutoRetry off (the default) the old SDK returns the transport's
// *url.Error as is; with AutoRetry on it would wrap it in a ClientError SDK.TimeoutError.
func (o *oldSDK) networkError(err error) bool {
	var ue *url.Error
	var se *sdkerrors.ServerError
	return errors.As(err, &ue) && !errors.As(err, &se)
}

// --- Darabonba OpenAPI core: github.com/alibabacloud-go/darabonba-openapi/v2 ---

type darabonba struct{ c *openapi.Client }

// newDarabonbaClient is the README's snippet: a Darabonba client aimed at the mock.
// signatureAlgorithm "v2" gives signature V1 (HMAC-SHA1, what the generated fnf-20190315
// client sets); "" keeps the default, signature V3 (ACS3-HMAC-SHA256).
func newDarabonbaClient(endpoint, accessKeyID, secret, signatureAlgorithm string) (*openapi.Client, error) {
	cfg := &openapi.Config{
		AccessKeyId:     dara.String(accessKeyID),
		AccessKeySecret: dara.String(secret),
		Endpoint:        dara.String(endpoint), // "127.0.0.1:PORT", no scheme
		Protocol:        dara.String("HTTP"),   // overrides Params.Protocol "HTTPS"
	}
	if signatureAlgorithm != "" {
		cfg.SignatureAlgorithm = dara.String(signatureAlgorithm)
	}
	return openapi.NewClient(cfg)
}

// listExecutionsParams are the Params the generated fnf-20190315 client passes to CallApi.
func listExecutionsParams() *openapi.Params {
	return &openapi.Params{
		Action:      dara.String("ListExecutions"),
		Version:     dara.String("2019-03-15"),
		Protocol:    dara.String("HTTPS"),
		Pathname:    dara.String("/"),
		Method:      dara.String("GET"),
		AuthType:    dara.String("AK"),
		Style:       dara.String("RPC"),
		ReqBodyType: dara.String("formData"),
		BodyType:    dara.String("json"),
	}
}

func newDarabonba(endpoint, accessKeyID, secret, signatureAlgorithm string) (client, error) {
	c, err := newDarabonbaClient(endpoint, accessKeyID, secret, signatureAlgorithm)
	if err != nil {
		return nil, err
	}
	return &darabonba{c: c}, nil
}

func (d *darabonba) list(q query, header map[string]string) (page, error) {
	params := map[string]*string{}
	for k, v := range map[string]string{"FlowName": q.FlowName, "Limit": q.Limit, "NextToken": q.NextToken, "Status": q.Status} {
		if v != "" {
			params[k] = dara.String(v)
		}
	}
	req := &openapi.OpenApiRequest{Query: params, Headers: map[string]*string{}}
	for k, v := range header {
		req.Headers[k] = dara.String(v)
	}
	res, err := d.c.CallApi(listExecutionsParams(), req, &dara.RuntimeOptions{})
	if err != nil {
		return page{}, err
	}
	// CallApi returns {"statusCode", "headers", "body"} after a JSON round trip (dara.Convert),
	// so decode it as JSON rather than asserting Go types.
	raw, err := json.Marshal(res)
	if err != nil {
		return page{}, fmt.Errorf("re-encode result: %w", err)
	}
	var out struct {
		StatusCode int               `json:"statusCode"`
		Headers    map[string]string `json:"headers"`
		Body       struct {
			RequestId  string
			NextToken  string
			Executions []execution
		} `json:"body"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return page{}, fmt.Errorf("decode result %s: %w", raw, err)
	}
	p := page{
		Status:          out.StatusCode,
		RequestID:       out.Body.RequestId,
		HeaderRequestID: out.Headers["x-acs-request-id"], // dara lower-cases header names
		NextToken:       out.Body.NextToken,
		Executions:      out.Body.Executions,
	}
	return p, nil
}

func (d *darabonba) apiError(err error) (apiError, bool) {
	var se *tea.SDKError
	if !errors.As(err, &se) {
		return apiError{}, false
	}
	// se.Data is the error body as JSON text.
	var data struct{ RequestId, Message string }
	_ = json.Unmarshal([]byte(tea.StringValue(se.Data)), &data)
	msg := tea.StringValue(se.Message)
	msgID := ""
	if i := strings.LastIndex(msg, " request id: "); i >= 0 {
		msgID = msg[i+len(" request id: "):]
	}
	return apiError{
		Code:    tea.StringValue(se.Code),
		Status:  tea.IntValue(se.StatusCode),
		Message: data.Message,
		RequestIDs: map[string]string{
			"Data.RequestId":     data.RequestId,
			"Message request id": msgID,
		},
	}, true
}

// networkError: Darabonba returns the transport's *url.Error unwrapped, not an SDKError.
func (d *darabonba) networkError(err error) bool {
	var ue *url.Error
	var se *tea.SDKError
	return errors.As(err, &ue) && !errors.As(err, &se)
}
