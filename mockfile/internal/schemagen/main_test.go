package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/internal/golden"
	"github.com/flowmock/flowmock/internal/schemagen/schematest"
)

// TestSchemaCurrent fails when the committed mockfile.schema.json differs from what the Go
// types generate. Fix: go generate ./mockfile (or this test with -update).
func TestSchemaCurrent(t *testing.T) {
	t.Chdir("../..") // the mockfile package, as under go generate
	got, err := generate()
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	golden.Check(t, "mockfile.schema.json", got)
}

// TestSchemaValidates checks the published schema against real files: it accepts every
// valid file, and refuses the invalid files it can see (the loader checks more: references
// to mocked responses, gaps and overlaps of indexes, keys written twice, YAML syntax).
func TestSchemaValidates(t *testing.T) {
	t.Chdir("../..")
	schema := schematest.Compile(t, "mockfile.schema.json")

	valid, _ := filepath.Glob("testdata/valid/*")
	if len(valid) == 0 {
		t.Fatal("no files in testdata/valid")
	}
	for _, f := range valid {
		t.Run("accepts "+f, func(t *testing.T) {
			if err := schema.Validate(schematest.YAMLFile(t, f)); err != nil {
				t.Errorf("schema refuses %s: %v", f, err)
			}
		})
	}
	for _, name := range []string{
		"answers.yaml", "bad.json", "flows-list.yaml", "indexes.yaml", "missing-flows.yaml", "names.yaml",
		"not-mapping.yaml", "structure.yaml", "undefined-response.yaml", "unknown-keys.yaml",
	} {
		f := "testdata/invalid/" + name
		t.Run("refuses "+f, func(t *testing.T) {
			if err := schema.Validate(schematest.YAMLFile(t, f)); err == nil {
				t.Errorf("schema accepts %s", f)
			}
		})
	}
	// One problem at a time, each in an otherwise valid file.
	for _, tt := range []struct{ name, file string }{
		{"both Return and Throw", `{Flows: {f: {TestCases: {A: {}}}}, MockedResponses: {R: {"0": {Return: {}, Throw: {Error: E}}}}}`},
		{"neither Return nor Throw", `{Flows: {f: {TestCases: {A: {}}}}, MockedResponses: {R: {"0": {Delay: 1s}}}}`},
		{"Return not an object", `{Flows: {f: {TestCases: {A: {}}}}, MockedResponses: {R: {"0": {Return: 1}}}}`},
		{"empty Error", `{Flows: {f: {TestCases: {A: {}}}}, MockedResponses: {R: {"0": {Throw: {Error: ""}}}}}`},
		{"blank Error", `{Flows: {f: {TestCases: {A: {}}}}, MockedResponses: {R: {"0": {Throw: {Error: "  "}}}}}`},
		{"negative Delay", `{Flows: {f: {TestCases: {A: {}}}}, MockedResponses: {R: {"0": {Return: {}, Delay: -1s}}}}`},
		{"Delay a number", `{Flows: {f: {TestCases: {A: {}}}}, MockedResponses: {R: {"0": {Return: {}, Delay: 2}}}}`},
		{"index with a leading zero", `{Flows: {f: {TestCases: {A: {}}}}, MockedResponses: {R: {"01": {Return: {}}}}}`},
		{"no index", `{Flows: {f: {TestCases: {A: {}}}}, MockedResponses: {R: {}}}`},
		{"no test case", `{Flows: {f: {TestCases: {}}}}`},
		{"empty state name", `{Flows: {f: {TestCases: {A: {"": R}}}}, MockedResponses: {R: {"0": {Return: {}}}}}`},
		{"bad flow name", `{Flows: {"1f": {TestCases: {A: {}}}}}`},
		{"long test case name", `{Flows: {f: {TestCases: {` + strings.Repeat("a", 129) + `: {}}}}}`},
	} {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			if err := schema.Validate(schematest.YAML(t, tt.file)); err == nil {
				t.Errorf("schema accepts %s", tt.file)
			}
		})
	}
}
