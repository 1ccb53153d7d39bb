package mock

import (
	"context"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/flowmock/flowmock/contract"
)

// quickValues are values on both sides of every rule the contract's parameters have.
func quickValues() []string {
	vals := []string{"", "a", "A_b-1", "_x", "1abc", "-", "a b", "é", "\x00", "a\nb",
		"0", "-0", "1", "-1", "01", "+1", "1.0", "1e2", "0x10", "60", "61", "100", "101", "1000", "1001",
		"999999999", "1000000000", "-999999999", "2147483648",
		"true", "false", "TRUE", "1 ", "FDL", "fdl", "Express", "Standard", "Running", "Succeeded",
		"2019-01-01T01:01:01.001Z", `{"a":1}`, "[]"}
	for _, n := range []int{127, 128, 129, 511, 512, 513, 4096, 4097} {
		vals = append(vals, strings.Repeat("a", n), strings.Repeat("é", n))
	}
	return vals
}

// TestQuickCheckNeverPassesWhatKinOpenAPIRefuses: for every parameter of every action and
// every value, a quick check that passes the value agrees with kin-openapi.
func TestQuickCheckNeverPassesWhatKinOpenAPIRefuses(t *testing.T) {
	con, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	for _, a := range con.Actions() {
		for _, p := range a.Route.Operation.Parameters {
			q := quickCheckOf(p.Value)
			if q == nil {
				continue
			}
			checked[p.Value.Name] = true
			for _, v := range quickValues() {
				if !q(v) {
					continue
				}
				req := httptest.NewRequest("GET", "/", nil)
				params := url.Values{p.Value.Name: {v}}
				in := &openapi3filter.RequestValidationInput{Request: req, Route: a.Route, QueryParams: params}
				if err := openapi3filter.ValidateParameter(context.Background(), in, p.Value); err != nil {
					t.Errorf("%s %s=%q: the quick check passes it, kin-openapi says %v", a.Name, p.Value.Name, v, err)
				}
			}
		}
	}
	for _, name := range []string{"FlowName", "ExecutionName", "WaitTimeSeconds", "Limit", "NextToken", "Type", "Input", "RequestId"} {
		if !checked[name] {
			t.Errorf("parameter %s has no quick check, want one (every request would pay kin-openapi's cost)", name)
		}
	}
}

// TestQuickCheck: what the checks pass and leave to kin-openapi.
func TestQuickCheck(t *testing.T) {
	con, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := con.Action("DescribeExecution")
	check := func(name string) quickCheck {
		for _, p := range a.Route.Operation.Parameters {
			if p.Value.Name == name {
				return quickCheckOf(p.Value)
			}
		}
		t.Fatalf("DescribeExecution has no parameter %s", name)
		return nil
	}
	tests := []struct {
		param, value string
		want         bool
	}{
		{"FlowName", "my_flow-1", true},
		{"FlowName", "1flow", false},
		{"FlowName", strings.Repeat("a", 128), true},
		{"FlowName", strings.Repeat("a", 129), false},
		{"FlowName", "", false},
		{"WaitTimeSeconds", "0", true},
		{"WaitTimeSeconds", "60", true},
		{"WaitTimeSeconds", "61", false},
		{"WaitTimeSeconds", "-1", false},
		{"WaitTimeSeconds", "05", false},
		{"WaitTimeSeconds", "five", false},
	}
	for _, tt := range tests {
		t.Run(tt.param+"="+tt.value, func(t *testing.T) {
			if got := check(tt.param)(tt.value); got != tt.want {
				t.Errorf("quick check of %s=%q = %v, want %v", tt.param, tt.value, got, tt.want)
			}
		})
	}
}

// classPatterns are patterns classMatcher takes (the contract's first) and patterns it leaves
// to regexp.
var classPatterns = []string{
	"^[A-Za-z_][A-Za-z0-9_-]*$", "^[0-9]+$", "^([0-9]|[1-9][0-9]|100)$", `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`,
	"^$", "^a$", "^ab[c-e]$", "^x+$", "^[^a]*$", "^a*b*$", "^a*b$", "[a-z]+", "^[a-z]+", "[a-z]+$", "^(?i)ab$", "^(?i)[a-c]+$",
	"^é+$", `^[\s]*$`, `^\w+$`, "^.$", "^a|b$",
}

// TestClassMatcherAsRegexp: where classMatcher takes a pattern, it matches what regexp matches.
func TestClassMatcherAsRegexp(t *testing.T) {
	for _, p := range classPatterns {
		t.Run(p, func(t *testing.T) {
			m := classMatcher(p)
			if m == nil {
				return
			}
			re := regexp.MustCompile(p)
			for _, v := range append(quickValues(), "x", "xx", "ab", "abd", "abf", "Ab", "aB", "\xff", "a\xff", "1234-12-12T12:12:12.123Z") {
				if got, want := m(v), re.MatchString(v); got != want {
					t.Errorf("%q: classMatcher says %v, regexp %v", v, got, want)
				}
			}
		})
	}
	for _, p := range []string{"^[A-Za-z_][A-Za-z0-9_-]*$", "^[0-9]+$"} {
		if classMatcher(p) == nil {
			t.Errorf("classMatcher(%q) is nil, want a matcher (the contract's patterns)", p)
		}
	}
}

func FuzzClassMatcher(f *testing.F) {
	for i, p := range classPatterns {
		f.Add(p, quickValues()[i%len(quickValues())])
	}
	f.Fuzz(func(t *testing.T, p, v string) {
		re, err := regexp.Compile(p)
		m := classMatcher(p)
		if err != nil || m == nil {
			return
		}
		if got, want := m(v), re.MatchString(v); got != want {
			t.Fatalf("pattern %q, value %q: classMatcher says %v, regexp %v", p, v, got, want)
		}
	})
}
