package mock

import (
	"context"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/gen/cloudflow"
)

// notEmulated is the answer of the execution actions until executions run: they are declared
// and validated like every action, then refused with ActionNotSupported saying so.
func (h handler) notEmulated() error {
	return flowmock.Errorf(flowmock.ActionNotSupported,
		"The requested API operation '%s' is not emulated yet: flowmock validates it against the contract but does not run executions; scenarios and X-Mock-Error can still answer it.", h.call.action.Name)
}

// StartExecution is not emulated yet.
func (h handler) StartExecution(context.Context, cloudflow.StartExecutionRequestObject) (cloudflow.StartExecutionResponseObject, error) {
	return nil, h.notEmulated()
}

// StartSyncExecution is not emulated yet.
func (h handler) StartSyncExecution(context.Context, cloudflow.StartSyncExecutionRequestObject) (cloudflow.StartSyncExecutionResponseObject, error) {
	return nil, h.notEmulated()
}

// DescribeExecution is not emulated yet.
func (h handler) DescribeExecution(context.Context, cloudflow.DescribeExecutionRequestObject) (cloudflow.DescribeExecutionResponseObject, error) {
	return nil, h.notEmulated()
}

// StopExecution is not emulated yet.
func (h handler) StopExecution(context.Context, cloudflow.StopExecutionRequestObject) (cloudflow.StopExecutionResponseObject, error) {
	return nil, h.notEmulated()
}

// GetExecutionHistory is not emulated yet.
func (h handler) GetExecutionHistory(context.Context, cloudflow.GetExecutionHistoryRequestObject) (cloudflow.GetExecutionHistoryResponseObject, error) {
	return nil, h.notEmulated()
}

// DescribeMapRun is not emulated yet.
func (h handler) DescribeMapRun(context.Context, cloudflow.DescribeMapRunRequestObject) (cloudflow.DescribeMapRunResponseObject, error) {
	return nil, h.notEmulated()
}

// UpdateMapRun is not emulated yet.
func (h handler) UpdateMapRun(context.Context, cloudflow.UpdateMapRunRequestObject) (cloudflow.UpdateMapRunResponseObject, error) {
	return nil, h.notEmulated()
}

// ReportTaskSucceeded is not emulated yet.
func (h handler) ReportTaskSucceeded(context.Context, cloudflow.ReportTaskSucceededRequestObject) (cloudflow.ReportTaskSucceededResponseObject, error) {
	return nil, h.notEmulated()
}

// ReportTaskFailed is not emulated yet.
func (h handler) ReportTaskFailed(context.Context, cloudflow.ReportTaskFailedRequestObject) (cloudflow.ReportTaskFailedResponseObject, error) {
	return nil, h.notEmulated()
}
