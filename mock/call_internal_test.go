package mock

import (
	"testing"
	"unsafe"
)

// TestUnknownActionNameIsACopy: the name of an action the contract does not have, which the
// journal keeps as given, shares no memory with the request it came from (a form body of up
// to a megabyte would stay alive with each record).
func TestUnknownActionNameIsACopy(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{name: "unknown", body: "Action=NoSuchAction&Definition=xxxxxxxxxxxxxxxx", want: "NoSuchAction"},
		{name: "escaped", body: "Definition=xxxxxxxx&Action=No%20Such", want: "No Such"},
		{name: "none", body: "Definition=xxxxxxxx", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params, err := parseQuery(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			got := (&call{params: params}).actionName()
			if got != tt.want {
				t.Fatalf("actionName() = %q, want %q", got, tt.want)
			}
			lo, p := uintptr(unsafe.Pointer(unsafe.StringData(tt.body))), uintptr(unsafe.Pointer(unsafe.StringData(got)))
			if got != "" && p >= lo && p < lo+uintptr(len(tt.body)) {
				t.Errorf("actionName() = %q points into the request's body, want a copy", got)
			}
		})
	}
}
