package report_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowmock/flowmock/conform"
	"github.com/flowmock/flowmock/internal/golden"
	"github.com/flowmock/flowmock/report"
)

func sample() *report.Report {
	start := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	return &report.Report{Tool: "flowmock verify", Target: "https://cn-hangzhou.fnf.aliyuncs.com", Started: start, Finished: start.Add(1500 * time.Millisecond),
		Cases: []report.Case{
			{Name: "DescribeRegions", Checked: 1},
			{Name: "ListFlows", Checked: 2, Violations: []conform.Violation{
				{Action: "ListFlows", Kind: conform.KindSchema, Pointer: "/Flows/0/Name", Rule: "type", Message: "value must be a string", Status: 200, RequestID: "R1"},
				{Action: "ListFlows", Kind: conform.KindSchema, Pointer: "/Flows/0/Labels", Rule: "additionalProperties", Message: `property "Labels" is unsupported & <new>`, Status: 200, RequestID: "R2"},
			}},
			{Name: "StartExecution", Checked: 0, Transport: []string{"POST https://cn-hangzhou.fnf.aliyuncs.com: no answer within 1m30s"}},
			{Name: "cleanup", Errors: []string{"could not delete flow pv-1; delete it by hand"}},
		}}
}

func TestGolden(t *testing.T) {
	for _, tt := range []struct {
		file  string
		write func(*report.Report, *bytes.Buffer) error
	}{
		{"report.json", func(r *report.Report, b *bytes.Buffer) error { return r.WriteJSON(b) }},
		{"junit.xml", func(r *report.Report, b *bytes.Buffer) error { return r.WriteJUnit(b) }},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(sample(), &b); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tt.file), b.Bytes())
		})
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"r.json", "r.XML", "r"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := sample().WriteFile(path); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			isXML := xml.Unmarshal(b, new(struct{})) == nil && bytes.HasPrefix(b, []byte("<?xml"))
			if want := filepath.Ext(name) == ".XML"; isXML != want {
				t.Errorf("%s: XML %v, want %v", name, isXML, want)
			}
		})
	}
	if err := sample().WriteFile(filepath.Join(dir, "missing", "r.json")); err == nil {
		t.Error("WriteFile into a missing directory: no error")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".report-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestTotals(t *testing.T) {
	v, tr, e := sample().Totals()
	if v != 2 || tr != 1 || e != 1 {
		t.Errorf("Totals = %d, %d, %d; want 2, 1, 1", v, tr, e)
	}
}
