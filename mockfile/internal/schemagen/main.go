// Command schemagen writes mockfile.schema.json, the JSON Schema of mock files, from the Go
// types of package mockfile (their doc comments become descriptions). go generate runs it in
// the mockfile directory:
//
//	go run ./internal/schemagen -o mockfile.schema.json
//
// Editors pick the schema up from the first line of a mock file:
//
//	# yaml-language-server: $schema=path/to/mockfile.schema.json
//
// The schema checks what a schema can: keys, types, the forms of names, indexes and
// durations, one of Return and Throw. The loader checks the rest (references to mocked
// responses, overlapping and missing indexes) and gives lines.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/invopop/jsonschema"

	"github.com/flowmock/flowmock/mockfile"
)

const module = "github.com/flowmock/flowmock"

// The patterns of the loader (mockfile/parse.go), as a schema writes them.
const (
	namePattern     = `^[A-Za-z_][A-Za-z0-9_-]*$`
	indexPattern    = `^(0|[1-9][0-9]*)(-(0|[1-9][0-9]*))?$`
	durationPattern = `^(0|\+?(([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|µs|ms|s|m|h))+)$`
	maxName         = 128
)

func main() {
	out := flag.String("o", "mockfile.schema.json", "the file to write")
	flag.Parse()
	b, err := generate()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

// generate returns the schema, indented, with a final newline. It reads doc comments from the
// Go files of the working directory, which must be the mockfile package.
func generate() ([]byte, error) {
	comments := &jsonschema.Reflector{}
	if err := comments.AddGoComments(module+"/mockfile", "."); err != nil {
		return nil, fmt.Errorf("reading the comments of package mockfile: %w", err)
	}
	polish(comments.CommentMap)

	mapper := func(t reflect.Type) *jsonschema.Schema {
		switch t {
		case reflect.TypeFor[time.Duration]():
			return &jsonschema.Schema{Ref: "#/$defs/Duration"}
		case reflect.TypeFor[json.RawMessage]():
			return &jsonschema.Schema{Type: "object"}
		}
		return nil
	}
	r := &jsonschema.Reflector{Anonymous: true, ExpandedStruct: true, Mapper: mapper, CommentMap: comments.CommentMap}
	s := r.Reflect(&mockfile.Document{})
	s.Title = "flowmock mock file"
	s.Definitions["Duration"] = &jsonschema.Schema{
		Type:        "string",
		Pattern:     durationPattern,
		Description: "A Go duration of at least 0: a number and a unit (ns, us, ms, s, m, h), such as 150ms, 2s or 1m30s.",
		Examples:    []any{"150ms", "2s", "1m30s"},
	}

	name := func() *jsonschema.Schema {
		return &jsonschema.Schema{Type: "string", Pattern: namePattern, MaxLength: new(uint64(maxName))}
	}
	prop := func(parent *jsonschema.Schema, key string) (*jsonschema.Schema, error) {
		p, ok := parent.Properties.Get(key)
		if !ok {
			return nil, fmt.Errorf("no property %s", key)
		}
		return p, nil
	}
	def := func(key string) (*jsonschema.Schema, error) {
		d, ok := s.Definitions[key]
		if !ok {
			return nil, fmt.Errorf("no definition %s", key)
		}
		return d, nil
	}

	flows, err := prop(s, "Flows")
	if err != nil {
		return nil, err
	}
	flows.PropertyNames = name()
	responses, err := prop(s, "MockedResponses")
	if err != nil {
		return nil, err
	}
	responses.PropertyNames = name()

	flow, err := def("Flow")
	if err != nil {
		return nil, err
	}
	cases, err := prop(flow, "TestCases")
	if err != nil {
		return nil, err
	}
	cases.PropertyNames = name()
	cases.MinProperties = new(uint64(1))
	// A test case written as null (HappyPath: with nothing after it) mocks nothing, as {} does.
	cases.AdditionalProperties = &jsonschema.Schema{AnyOf: []*jsonschema.Schema{cases.AdditionalProperties, {Type: "null"}}}

	tc, err := def("TestCase")
	if err != nil {
		return nil, err
	}
	tc.PropertyNames = &jsonschema.Schema{Type: "string", MinLength: new(uint64(1))}
	tc.AdditionalProperties = name()
	tc.AdditionalProperties.Description = "The name of a mocked response."

	mr, err := def("MockedResponse")
	if err != nil {
		return nil, err
	}
	mr.PropertyNames = &jsonschema.Schema{Type: "string", Pattern: indexPattern}
	mr.MinProperties = new(uint64(1))

	answer, err := def("Answer")
	if err != nil {
		return nil, err
	}
	answer.OneOf = []*jsonschema.Schema{{Required: []string{"Return"}}, {Required: []string{"Throw"}}}

	throw, err := def("Throw")
	if err != nil {
		return nil, err
	}
	errName, err := prop(throw, "Error")
	if err != nil {
		return nil, err
	}
	errName.MinLength = new(uint64(1))
	errName.Pattern = `\S`

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// polish puts the comments on one line, as an editor's hover shows them.
func polish(comments map[string]string) {
	for k, c := range comments {
		comments[k] = strings.Join(strings.Fields(c), " ")
	}
}
