package interp

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/flowmock/flowmock/fdl"
)

// ErrUnmocked is what Tasks.Invoke returns (wrapped or not) for a task nothing answers:
// the interpreter then answers it in the shape of its integration's response, with the
// task's input where the payload would be, and its TaskSucceeded event says it was not
// mocked ("mocked": false, "shape": the shape's name).
var ErrUnmocked = errors.New("interp: the task is not mocked")

// The shapes of unmocked results (the "shape" of the TaskSucceeded event).
const (
	ShapeFC          = "FC:InvokeFunction"  // {"Body": input}
	ShapeHTTP        = "HTTP:Request"       // {"Header": {}, "Code": 200, "Body": input}
	ShapeMNS         = "MNS:SendMessage"    // {"MessageId", "MessageBodyMD5", "RequestId"}
	ShapeFNF         = "FNF:StartExecution" // {"FlowName", "ExecutionName", "RequestID"}
	ShapeFunction    = "function value"     // old-dialect FC resourceArn: the input itself
	ShapeMNSOld      = "mns message"        // old-dialect MNS queue or topic resourceArn
	ShapeChildOutput = "child output"       // a sub-flow waited for: the input as its output
	ShapeEcho        = "echo"               // any other integration: the input itself
)

// unmocked is the result of an unmocked invocation in a definition of dialect d, and the
// name of its shape; in is inv.Input decoded, or nil.
func unmocked(d fdl.Dialect, inv *Invocation, in map[string]any) (out map[string]any, shape string, err error) {
	if in == nil {
		if in, err = decodeObject(inv.Input); err != nil {
			return nil, "", &TaskError{ErrRuntime, "the input of task " + inv.State + " is not a JSON object: " + err.Error()}
		}
	}
	if d == fdl.Flow {
		out, shape = unmockedOld(inv, in)
	} else {
		out, shape = unmockedNew(inv, in)
	}
	return out, shape, nil
}

// unmockedNew is the result of an unmocked new-dialect Task, by its Action.
func unmockedNew(inv *Invocation, in map[string]any) (map[string]any, string) {
	switch {
	case strings.EqualFold(inv.Action, ShapeFC):
		return map[string]any{"Body": in}, ShapeFC
	case strings.EqualFold(inv.Action, ShapeHTTP):
		return map[string]any{"Header": map[string]any{}, "Code": 200, "Body": in}, ShapeHTTP
	case strings.EqualFold(inv.Action, ShapeMNS):
		return mnsReply(inv, inv.Parameters["message"]), ShapeMNS
	case strings.EqualFold(inv.Action, ShapeFNF):
		if inv.TaskMode == string(fdl.WaitForSystemCallback) {
			return in, ShapeChildOutput
		}
		name, _ := inv.Parameters["executionName"].(string)
		if name == "" {
			name = id(inv.Token, "execution")
		}
		arn, _ := inv.Parameters["resourceArn"].(string)
		_, flow, _ := strings.Cut(arn, ":flow/")
		return map[string]any{"FlowName": flow, "ExecutionName": name, "RequestID": requestID(inv.Token)}, ShapeFNF
	}
	return in, ShapeEcho
}

// unmockedOld is the result of an unmocked old-dialect task step, by its resourceArn.
func unmockedOld(inv *Invocation, in map[string]any) (map[string]any, string) {
	arn := inv.Action
	switch {
	case strings.HasPrefix(arn, "acs:fc:"):
		return in, ShapeFunction
	case strings.HasPrefix(arn, "acs:mns:") && (strings.Contains(arn, "/queues/") || strings.Contains(arn, "/topics/")):
		return mnsReply(inv, inv.Parameters["MessageBody"]), ShapeMNSOld
	case strings.HasPrefix(arn, "acs:fnf:") && strings.Contains(arn, ":flow/"):
		return in, ShapeChildOutput
	}
	return in, ShapeEcho
}

// mnsReply is an MNS SendMessage / PublishMessage reply for a message body (a string as
// is, anything else as its JSON text).
func mnsReply(inv *Invocation, body any) map[string]any {
	s, err := text(body)
	if err != nil || body == nil {
		s = string(inv.Input)
	}
	sum := md5.Sum([]byte(s))
	return map[string]any{"MessageId": strings.ToUpper(id(inv.Token, "message")),
		"MessageBodyMD5": strings.ToUpper(hex.EncodeToString(sum[:])), "RequestId": requestID(inv.Token)}
}

// id is 32 hex digits derived from a task token and a purpose: deterministic when tokens
// are.
func id(token, purpose string) string {
	sum := md5.Sum([]byte(purpose + "\x00" + token))
	return hex.EncodeToString(sum[:])
}

// requestID is an upper-case UUID-shaped request ID derived from a task token.
func requestID(token string) string {
	h := strings.ToUpper(id(token, "request"))
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// succeededFields are the fields of a TaskSucceeded event with output data, for a result
// of shape: an unmocked one adds "mocked": false and its shape, a mocked one ("" shape)
// nothing. They are returned in an array, so that recording them allocates nothing.
func succeededFields(data []byte, shape string) (fs [3]field, n int) {
	fs[0] = jsonField("output", data)
	if shape == "" {
		return fs, 1
	}
	fs[1], fs[2] = jsonField("mocked", []byte("false")), textField("shape", shape)
	return fs, 3
}
