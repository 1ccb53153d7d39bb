package main

import (
	"path/filepath"
	"testing"

	"github.com/flowmock/flowmock/internal/golden"
	"github.com/flowmock/flowmock/internal/schemagen/schematest"
)

// TestSchemaCurrent fails when the committed scenario.schema.json differs from what the Go
// types generate. Fix: go generate ./scenarios (or this test with -update).
func TestSchemaCurrent(t *testing.T) {
	t.Chdir("../..") // the scenarios package, as under go generate
	got, err := generate()
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	golden.Check(t, "scenario.schema.json", got)
}

// TestSchemaValidates checks the published schema against real files: it accepts every
// default scenario and the full-featured example, and refuses the invalid files it can see
// (the loader checks more: codes against the contract, one trigger per rule, unique names).
func TestSchemaValidates(t *testing.T) {
	t.Chdir("../..")
	schema := schematest.Compile(t, "scenario.schema.json")

	valid, _ := filepath.Glob("*.yaml")
	valid = append(valid, "testdata/valid/everything.yaml")
	for _, f := range valid {
		t.Run("accepts "+f, func(t *testing.T) {
			if err := schema.Validate(schematest.YAMLFile(t, f)); err != nil {
				t.Errorf("schema refuses %s: %v", f, err)
			}
		})
	}
	for _, name := range []string{
		"unknown-key", "bad-duration", "probability-range", "empty-rules", "missing-names", "bad-name",
		"bad-rate", "bad-fault", "steps", "responses", "latency", "every-zero", "wrong-types",
		"rules-not-list", "not-mapping",
	} {
		f := "testdata/invalid/" + name + ".yaml"
		t.Run("refuses "+f, func(t *testing.T) {
			if err := schema.Validate(schematest.YAMLFile(t, f)); err == nil {
				t.Errorf("schema accepts %s", f)
			}
		})
	}
}
