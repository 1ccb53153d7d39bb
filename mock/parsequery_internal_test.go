package mock

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// parseQueryCases are queries on both sides of every way parseQuery leaves the work to
// url.ParseQuery, and the SDKs' ordinary ones.
var parseQueryCases = []string{
	"", "&", "&&", "=", "a", "a=", "=b", "a=1", "a=1&b=2", "a=1&a=2", "a=1&b=2&a=3", "a=1&&b=2&",
	"Action=ListExecutions&Version=2019-03-15&FlowName=myflow&Limit=60",
	"a=%41%42", "a+b=c+d", "a=%zz", "a%=1", "a=1;b=2", "a=1&b=2;", ";", "%", "a=%4", "a=%e2%82%ac",
	"a=1&b=%zz&c=3", "k=v=w", "é=ü", "a=%00", "Name=x&Definition=" + url.QueryEscape("Type: StateMachine\nName: x"),
	strings.Repeat("a=1&", maxQuickParams-1) + "b=2", strings.Repeat("a=1&", maxQuickParams) + "b=2",
}

// TestParseQueryAsURL: parseQuery gives what url.ParseQuery gives, values and error.
func TestParseQueryAsURL(t *testing.T) {
	for i, q := range parseQueryCases {
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkParseQuery(t, q) })
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, q := range parseQueryCases {
		f.Add(q)
	}
	f.Fuzz(checkParseQuery)
}

func checkParseQuery(t *testing.T, q string) {
	got, gotErr := parseQuery(q)
	want, wantErr := url.ParseQuery(q)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("parseQuery(%q): error %v, want %v", q, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("parseQuery(%q) = %v, want %v", q, got, want)
	}
	// The values of one parameter are its own: appending to one leaves the others be.
	for k := range got {
		got[k] = append(got[k], "appended")
	}
	for k, vs := range got {
		if !reflect.DeepEqual(vs[:len(vs)-1], want[k]) || vs[len(vs)-1] != "appended" {
			t.Fatalf("parseQuery(%q): %s is %q after an append to each, want %q and \"appended\"", q, k, vs, want[k])
		}
	}
}
