package sdktest_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/fnf"
)

// TestOldSDKAgainstURL drives the old Go SDK against a server already running at
// FLOWMOCK_URL (the container image: deploy/image_test.go runs it): a flow and an execution's
// life cycle in a session of its own. Without FLOWMOCK_URL it is skipped.
func TestOldSDKAgainstURL(t *testing.T) {
	base := os.Getenv("FLOWMOCK_URL")
	if base == "" {
		t.Skip("skipped: FLOWMOCK_URL names no running server (deploy/image_test.go sets it)")
	}
	client, err := newOldFnfClient(strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/"), testAccessKeyID, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	const session, flow = "go-old-sdk", "old_sdk_flow"
	headers := func(r interface{ GetHeaders() map[string]string }) { r.GetHeaders()["X-Mock-Session"] = session }

	create := fnf.CreateCreateFlowRequest()
	create.Name, create.Type, create.Description = flow, "FDL", "image test"
	create.Definition = "Type: StateMachine\nSpecVersion: v1\nName: " + flow + "\nStartAt: Hello\nStates:\n  - Type: Pass\n    Name: Hello\n    End: true\n"
	headers(create)
	if _, err := client.CreateFlow(create); err != nil {
		t.Fatalf("CreateFlow: %v", err)
	}
	start := fnf.CreateStartExecutionRequest()
	start.FlowName, start.ExecutionName, start.Input = flow, "run1", `{"n":1}`
	headers(start)
	if _, err := client.StartExecution(start); err != nil {
		t.Fatalf("StartExecution: %v", err)
	}
	var status string
	for i := 0; i < 50 && (status == "" || status == "Running"); i++ {
		d := fnf.CreateDescribeExecutionRequest()
		d.FlowName, d.ExecutionName, d.WaitTimeSeconds = flow, "run1", requests.NewInteger(5)
		headers(d)
		res, err := client.DescribeExecution(d)
		if err != nil {
			t.Fatalf("DescribeExecution: %v", err)
		}
		status = res.Status
	}
	if status != "Succeeded" {
		t.Errorf("execution status = %q, want Succeeded", status)
	}
	del := fnf.CreateDeleteFlowRequest()
	del.Name = flow
	headers(del)
	if _, err := client.DeleteFlow(del); err != nil {
		t.Fatalf("DeleteFlow: %v", err)
	}
	desc := fnf.CreateDescribeFlowRequest()
	desc.Name = flow
	headers(desc)
	_, err = client.DescribeFlow(desc)
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) || se.ErrorCode() != "FlowNotExists" {
		t.Errorf("DescribeFlow after delete: err %v, want FlowNotExists", err)
	}
}
