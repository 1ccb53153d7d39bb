package sdktest_test

import (
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"strings"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mock"
)

// startExampleMock serves the default fixtures on 127.0.0.1 and returns "127.0.0.1:PORT"; it
// stands in for `flowmock serve --addr 127.0.0.1:PORT` in the examples.
func startExampleMock() (endpoint string, stop func()) {
	set, err := fixtures.Default()
	if err != nil {
		log.Fatal(err)
	}
	srv, err := mock.New(mock.Config{Data: set, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	return strings.TrimPrefix(ts.URL, "http://"), ts.Close
}

// The old Go SDK (services/fnf): one page of ListExecutions, then an injected error.
func Example_oldSDK() {
	endpoint, stop := startExampleMock()
	defer stop()

	client, err := newOldFnfClient(endpoint, "testAccessKeyId", "testSecret")
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
	if errors.As(err, &se) {
		fmt.Println("error:", se.HttpStatus(), se.ErrorCode(), "request id set:", se.RequestId() != "")
	}
	// Output:
	// status: 200 executions: 10 more: true
	// error: 429 ResourceThrottled request id set: true
}

// The Darabonba core's CallApi, as the generated fnf-20190315 client calls it (signature V1);
// pass "" instead of "v2" for signature V3.
func Example_darabonba() {
	endpoint, stop := startExampleMock()
	defer stop()

	client, err := newDarabonbaClient(endpoint, "testAccessKeyId", "testSecret", "v2")
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
	if errors.As(err, &se) {
		fmt.Println("error:", tea.IntValue(se.StatusCode), tea.StringValue(se.Code))
	}
	// Output:
	// status: 200 executions: 10 more: true
	// error: 404 FlowNotExists
}
