package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	jsv "github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite scenario.schema.json")

// TestSchemaCurrent fails when the committed scenario.schema.json differs from what the Go
// types generate. Fix: go generate ./scenarios (or this test with -update).
func TestSchemaCurrent(t *testing.T) {
	t.Chdir("../..") // the scenarios package, as under go generate
	got, err := generate()
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	if *update {
		if err := os.WriteFile("scenario.schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("scenario.schema.json is stale: run `go generate ./scenarios` (or this test with -update) and commit it")
	}
}

// TestSchemaValidates checks the published schema against real files: it accepts every
// default scenario and the full-featured example, and refuses the invalid files it can see
// (the loader checks more: codes against the contract, one trigger per rule, unique names).
func TestSchemaValidates(t *testing.T) {
	t.Chdir("../..")
	c := jsv.NewCompiler()
	doc, err := readJSON("scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("scenario.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("scenario.schema.json")
	if err != nil {
		t.Fatalf("compiling the schema: %v", err)
	}

	valid, _ := filepath.Glob("*.yaml")
	valid = append(valid, "testdata/valid/everything.yaml")
	for _, f := range valid {
		t.Run("accepts "+f, func(t *testing.T) {
			v, err := yamlValue(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err != nil {
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
			v, err := yamlValue(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err == nil {
				t.Errorf("schema accepts %s", f)
			}
		})
	}
}

func readJSON(path string) (any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return jsv.UnmarshalJSON(bytes.NewReader(b))
}

// yamlValue reads a YAML file as the JSON value an editor validates.
func yamlValue(path string) (any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsv.UnmarshalJSON(strings.NewReader(string(j)))
}
