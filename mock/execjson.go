package mock

import (
	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/internal/jsontext"
)

// executionAnswer renders the 200 body of StartExecution, DescribeExecution and
// StopExecution for execution v: the bytes encoding/json writes for the generated results
// (keys in their declaration order, absent optional fields left out), without reflection.
// ok is false when a time is outside what the API shows; the caller then returns the
// generated result, whose encoding answers that error.
func (h handler) executionAnswer(v *cloudflow.Execution) (r rendered, ok bool) {
	if cftime.Check(v.StartedTime.Time) != nil || v.StoppedTime != nil && cftime.Check(v.StoppedTime.Time) != nil {
		return rendered{}, false
	}
	id := h.call.requestID
	b := answerBufs.get(bodyCap)
	b = append(b, '{')
	if v.FlowDefinition != nil {
		b = append(b, `"FlowDefinition":`...)
		b = jsontext.AppendString(b, *v.FlowDefinition)
		b = append(b, ',')
	}
	b = append(b, `"FlowName":`...)
	b = jsontext.AppendString(b, v.FlowName)
	b = appendOptional(b, `,"Input":`, v.Input)
	b = append(b, `,"Name":`...)
	b = jsontext.AppendString(b, v.Name)
	b = appendOptional(b, `,"Output":`, v.Output)
	b = append(b, `,"RequestId":`...)
	b = jsontext.AppendString(b, id)
	b = append(b, `,"StartedTime":"`...)
	b = v.StartedTime.AppendFormat(b)
	b = append(b, `","Status":`...)
	b = jsontext.AppendString(b, string(v.Status))
	if v.StoppedTime != nil {
		b = append(b, `,"StoppedTime":"`...)
		b = v.StoppedTime.AppendFormat(b)
		b = append(b, '"')
	}
	b = append(b, '}')
	return rendered{body: b, requestID: id, pool: &answerBufs}, true
}

// appendOptional appends key and *s as a JSON string, or nothing when s is nil.
func appendOptional(b []byte, key string, s *string) []byte {
	if s == nil {
		return b
	}
	return jsontext.AppendString(append(b, key...), *s)
}
