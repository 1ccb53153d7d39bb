package mock

import (
	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/internal/jsontext"
	"github.com/flowmock/flowmock/store"
)

// flowAnswer renders the 200 body of CreateFlow and DescribeFlow for flow f: the bytes
// encoding/json writes for the generated result of withID(flowOut(f), id) (keys in their
// declaration order, absent optional fields left out), without reflection. ok is false when
// a time is outside what the API shows; the caller then returns the generated result, whose
// encoding answers that error.
func (h handler) flowAnswer(f *store.Flow) (r rendered, ok bool) {
	if cftime.Check(f.Created) != nil || cftime.Check(f.Modified) != nil {
		return rendered{}, false
	}
	id := h.call.requestID
	b := answerBufs.get(bodyCap)
	b = append(b, `{"CreatedTime":"`...)
	b = cftime.Time{Time: f.Created}.AppendFormat(b)
	b = append(b, `","Definition":`...)
	b = jsontext.AppendString(b, f.Definition)
	b = appendNonEmpty(b, `,"Description":`, f.Description)
	b = appendEnvironment(b, f.Environment)
	b = append(b, `,"ExecutionMode":`...) // always there, as flowOut has it
	b = jsontext.AppendString(b, f.ExecutionMode)
	b = appendNonEmpty(b, `,"ExternalStorageLocation":`, f.ExternalStorageLocation)
	b = append(b, `,"Id":`...)
	b = jsontext.AppendString(b, f.ID)
	b = append(b, `,"LastModifiedTime":"`...)
	b = cftime.Time{Time: f.Modified}.AppendFormat(b)
	b = append(b, `","Name":`...)
	b = jsontext.AppendString(b, f.Name)
	b = append(b, `,"RequestId":`...)
	b = jsontext.AppendString(b, id)
	b = appendNonEmpty(b, `,"ResourceGroupId":`, f.ResourceGroupID)
	b = appendNonEmpty(b, `,"RoleArn":`, f.RoleArn)
	b = append(b, `,"Type":`...)
	b = jsontext.AppendString(b, f.Type)
	b = append(b, '}')
	return rendered{body: b, requestID: id, pool: &answerBufs}, true
}

// appendNonEmpty appends key and s as a JSON string, or nothing when s is "" (ptr's nil).
func appendNonEmpty(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return jsontext.AppendString(append(b, key...), s)
}

// appendEnvironment appends a flow's Environment as environment(vs) encodes: nothing for
// nil, its variables without the empty Value and Description.
func appendEnvironment(b []byte, vs []store.Variable) []byte {
	if vs == nil {
		return b
	}
	b = append(b, `,"Environment":{"Variables":[`...)
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		if v.Description != "" {
			b = append(b, `"Description":`...)
			b = jsontext.AppendString(b, v.Description)
			b = append(b, ',')
		}
		b = append(b, `"Name":`...)
		b = jsontext.AppendString(b, v.Name)
		b = appendNonEmpty(b, `,"Value":`, v.Value)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}
