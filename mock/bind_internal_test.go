package mock

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"testing"

	"github.com/flowmock/flowmock/gen/cloudflow"
)

// TestBinderSetsTheGivenFields: binding a few parameters (a loop over those given) fills the
// struct, and reports the error, as binding field by field in order does (the loop taken when
// as many parameters as fields are given).
func TestBinderSetsTheGivenFields(t *testing.T) {
	bind := binderFor[cloudflow.ListExecutionsParams]()
	tests := []url.Values{
		{},
		{"FlowName": {"f"}},
		{"Action": {"ListExecutions"}, "Version": {"2019-03-15"}, "FlowName": {"f"}, "Limit": {"60"}},
		{"FlowName": {"f"}, "StartedTimeBegin": {"2019-01-01T01:01:01.001Z"}, "MetadataOnly": {"true"}},
		{"FlowName": {"f"}, "Limit": {"x"}, "MetadataOnly": {"maybe"}}, // two errors: the first field's
		{"FlowName": {"f"}, "StartedTimeEnd": {"soon"}, "Limit": {"99999999999"}},
	}
	for i, v := range tests {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			padded := url.Values{}
			for k, vs := range v {
				padded[k] = vs
			}
			for n := 0; len(padded) < reflect.TypeFor[cloudflow.ListExecutionsParams]().NumField(); n++ {
				padded[fmt.Sprint("Unknown", n)] = []string{"x"}
			}
			var got, want cloudflow.ListExecutionsParams
			gotErr, wantErr := bind(v, &got), bind(padded, &want)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("error %v, want %v", gotErr, wantErr)
			}
			if wantErr == nil && !reflect.DeepEqual(got, want) {
				t.Errorf("bound %+v, want %+v", got, want)
			}
		})
	}
}
