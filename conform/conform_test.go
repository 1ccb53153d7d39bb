package conform_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/conform"
	"github.com/flowmock/flowmock/contract"
)

func checker(t testing.TB) *conform.Checker {
	t.Helper()
	con, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	return conform.New(con)
}

var jsonHeader = http.Header{"Content-Type": {"application/json;charset=utf-8"}}

const (
	regions  = `{"RequestId":"R1","Regions":{"Region":[{"RegionId":"cn-hangzhou","RegionEndpoint":"cn-hangzhou.fnf.aliyuncs.com","LocalName":"China (Hangzhou)"}]}}`
	notFound = `{"RequestId":"R2","HostId":"fnf.aliyuncs.com","Code":"FlowNotExists","Message":"Flow x does not exist."}`
)

// want is a violation as a test names it: kind, pointer, rule.
type want struct{ kind, pointer, rule string }

func (w want) String() string { return fmt.Sprintf("%s %s (%s)", w.kind, w.pointer, w.rule) }

func TestCheck(t *testing.T) {
	c := checker(t)
	tests := []struct {
		name   string
		action string
		status int
		header http.Header
		body   string
		want   []want
	}{
		{"conforming 200", "DescribeRegions", 200, jsonHeader, regions, nil},
		{"conforming error", "DescribeFlow", 404, jsonHeader, notFound, nil},
		{"renamed field", "DescribeRegions", 200, jsonHeader, strings.Replace(regions, `"RegionId"`, `"Region_Id"`, 1),
			[]want{{conform.KindSchema, "/Regions/Region/0/RegionId", "required"}, {conform.KindSchema, "/Regions/Region/0/Region_Id", "additionalProperties"}}},
		{"wrong type", "DescribeRegions", 200, jsonHeader, strings.Replace(regions, `"China (Hangzhou)"`, `42`, 1),
			[]want{{conform.KindSchema, "/Regions/Region/0/LocalName", "type"}}},
		{"missing required field", "DescribeRegions", 200, jsonHeader, `{"Regions":{"Region":[]}}`,
			[]want{{conform.KindSchema, "/RequestId", "required"}}},
		{"undeclared error code", "DescribeFlow", 404, jsonHeader, strings.Replace(notFound, "FlowNotExists", "FlowGone", 1),
			[]want{{conform.KindCode, "/Code", "catalogue"}}},
		{"declared code, wrong status", "DescribeFlow", 400, jsonHeader, notFound,
			[]want{{conform.KindCodeStatus, "", "catalogue status"}}},
		{"undeclared status", "DescribeFlow", 418, jsonHeader, notFound,
			[]want{{conform.KindStatus, "", "declared statuses"}}},
		{"broken envelope", "DescribeFlow", 404, jsonHeader, `{"RequestId":"R","error":"no such flow"}`,
			[]want{{conform.KindEnvelope, "/Code", "required"}, {conform.KindEnvelope, "/error", "additionalProperties"}}},
		{"not JSON", "DescribeFlow", 500, http.Header{"Content-Type": {"text/html"}}, `<html>oops</html>`,
			[]want{{conform.KindEnvelope, "", "json"}}},
		{"wrong content type", "DescribeRegions", 200, http.Header{"Content-Type": {"text/plain"}}, regions,
			[]want{{conform.KindHeader, "", "Content-Type"}}},
		{"no content type, wrong body", "DescribeRegions", 200, http.Header{}, strings.Replace(regions, `"China (Hangzhou)"`, `42`, 1),
			[]want{{conform.KindHeader, "", "Content-Type"}, {conform.KindSchema, "/Regions/Region/0/LocalName", "type"}}},
		{"unknown action", "FlyAway", 200, jsonHeader, `{}`, []want{{conform.KindAction, "", "operationId"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Check(tt.action, tt.status, tt.header, []byte(tt.body))
			if len(tt.want) == 0 && len(got) > 0 {
				t.Fatalf("Check = %v, want no violations", got)
			}
			for _, w := range tt.want {
				if !has(got, w) {
					t.Errorf("Check = %v\nwant one with %v", got, w)
				}
			}
			for _, v := range got {
				if v.Action != tt.action || v.Status != tt.status || v.Message == "" {
					t.Errorf("violation %+v: want action %s, status %d and a message", v, tt.action, tt.status)
				}
			}
		})
	}
}

func has(got []conform.Violation, w want) bool {
	for _, v := range got {
		if v.Kind == w.kind && v.Pointer == w.pointer && v.Rule == w.rule {
			return true
		}
	}
	return false
}

// TestCheckBounded: a hostile 200 body of many wrong items reports a bounded list.
func TestCheckBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"RequestId":"R","Regions":{"Region":[`)
	for i := range 20000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"RegionId":1}`)
	}
	b.WriteString(`]}}`)
	got := checker(t).Check("DescribeRegions", 200, jsonHeader, []byte(b.String()))
	if len(got) != 51 {
		t.Fatalf("Check gave %d violations, want 50 and the limit note", len(got))
	}
	if !has(got, want{conform.KindSchema, "", "limit"}) {
		t.Errorf("Check = %v, want the limit note", got[:3])
	}
}

func TestPointer(t *testing.T) {
	for _, tt := range []struct {
		path []string
		want string
	}{{nil, ""}, {[]string{"Flows", "0", "Name"}, "/Flows/0/Name"}, {[]string{"a/b", "c~d"}, "/a~1b/c~0d"}} {
		if got := conform.Pointer(tt.path); got != tt.want {
			t.Errorf("Pointer(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
