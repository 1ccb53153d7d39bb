package sdktest_test

import (
	"cmp"
	"errors"
	"fmt"
	"log"
	"slices"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mocktest"
)

// exampleTB lets the runnable examples call mocktest.NewServer, which takes a testing.TB; in
// a test, pass the *testing.T instead. It implements what mocktest uses: failures panic, and
// cleanups are left to the example's deferred Close.
type exampleTB struct{ testing.TB }

func (exampleTB) Helper()                   {}
func (exampleTB) Cleanup(func())            {}
func (exampleTB) Fatal(args ...any)         { panic(fmt.Sprint(args...)) }
func (exampleTB) Fatalf(f string, a ...any) { panic(fmt.Sprintf(f, a...)) }

// The old Go SDK (services/fnf) against a mocktest server that verifies its signatures: one
// page of ListExecutions, then an injected error, then what the server's journal saw.
func Example_oldSDK() {
	var t testing.TB = exampleTB{} // in a test: the *testing.T
	srv := mocktest.NewUnstartedServer(t)
	srv.Config.Auth = "verify" // the default pair: testAccessKeyId, testSecret
	srv.Start()
	defer srv.Close()

	client, err := newOldFnfClient(srv.Endpoint(), "testAccessKeyId", "testSecret")
	if err != nil {
		log.Fatal(err)
	}
	req := fnf.CreateListExecutionsRequest() // GET; set req.Method = requests.POST for POST
	req.FlowName = "demo_flow"
	req.Limit = requests.NewInteger(10)
	resp, err := client.ListExecutions(req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", resp.GetHttpStatus(), "executions:", len(resp.Executions), "more:", resp.NextToken != "")

	req = fnf.CreateListExecutionsRequest()
	req.FlowName = "demo_flow"
	req.GetHeaders()["X-Mock-Error"] = "ResourceThrottled"
	_, err = client.ListExecutions(req)
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		log.Fatalf("want a ServerError, got %v", err)
	}
	fmt.Println("error:", se.HttpStatus(), se.ErrorCode())

	// What the server's journal saw (it lists newest first), and the error's request id
	// checked against the journal's record of the failed request.
	recs := srv.Requests(mock.RecordFilter{})
	for _, r := range slices.Backward(recs) {
		fmt.Println("journal:", r.Method, r.Action, r.Status, cmp.Or(r.Code, "OK"))
	}
	fmt.Println("request id matches the journal:", se.RequestId() == recs[0].RequestID)
	// Output:
	// status: 200 executions: 10 more: true
	// error: 429 ResourceThrottled
	// journal: GET ListExecutions 200 OK
	// journal: GET ListExecutions 429 ResourceThrottled
	// request id matches the journal: true
}

// The Darabonba core's CallApi, as the generated fnf-20190315 client calls it (signature V1;
// pass "" instead of "v2" for signature V3), against a mocktest server that verifies
// signatures.
func Example_darabonba() {
	var t testing.TB = exampleTB{} // in a test: the *testing.T
	srv := mocktest.NewUnstartedServer(t)
	srv.Config.Auth = "verify" // the default pair: testAccessKeyId, testSecret
	srv.Start()
	defer srv.Close()

	client, err := newDarabonbaClient(srv.Endpoint(), "testAccessKeyId", "testSecret", "v2")
	if err != nil {
		log.Fatal(err)
	}
	req := &openapi.OpenApiRequest{Query: map[string]*string{
		"FlowName": dara.String("demo_flow"),
		"Limit":    dara.String("10"),
	}}
	res, err := client.CallApi(listExecutionsParams(), req, &dara.RuntimeOptions{})
	if err != nil {
		log.Fatal(err)
	}
	body := res["body"].(map[string]any)
	fmt.Println("status:", res["statusCode"], "executions:", len(body["Executions"].([]any)), "more:", body["NextToken"] != nil)

	req.Headers = map[string]*string{"X-Mock-Error": dara.String("FlowNotExists")}
	_, err = client.CallApi(listExecutionsParams(), req, &dara.RuntimeOptions{})
	var se *tea.SDKError
	if !errors.As(err, &se) {
		log.Fatalf("want an SDKError, got %v", err)
	}
	fmt.Println("error:", tea.IntValue(se.StatusCode), tea.StringValue(se.Code))
	fmt.Println("FlowNotExists answers in the journal:", srv.Count(mock.RecordFilter{Code: "FlowNotExists"}))
	// Output:
	// status: 200 executions: 10 more: true
	// error: 404 FlowNotExists
	// FlowNotExists answers in the journal: 1
}
