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
	"encoding/json"
	"reflect"
	"time"

	"github.com/invopop/jsonschema"

	"github.com/flowmock/flowmock/internal/schemagen"
	"github.com/flowmock/flowmock/mockfile"
)

// The patterns of the loader (mockfile/parse.go), as a schema writes them.
const (
	namePattern     = `^[A-Za-z_][A-Za-z0-9_-]*$`
	indexPattern    = `^(0|[1-9][0-9]*)(-(0|[1-9][0-9]*))?$`
	durationPattern = `^(0|\+?(([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|µs|ms|s|m|h))+)$`
	maxName         = 128
)

func main() { schemagen.Main("mockfile.schema.json", generate) }

// generate returns the schema, indented, with a final newline. It reads doc comments from the
// Go files of the working directory, which must be the mockfile package.
func generate() ([]byte, error) {
	comments, err := schemagen.Comments(schemagen.Package{Name: "mockfile", Dir: "."})
	if err != nil {
		return nil, err
	}

	mapper := func(t reflect.Type) *jsonschema.Schema {
		switch t {
		case reflect.TypeFor[time.Duration]():
			return &jsonschema.Schema{Ref: "#/$defs/Duration"}
		case reflect.TypeFor[json.RawMessage]():
			return &jsonschema.Schema{Type: "object"}
		}
		return nil
	}
	r := &jsonschema.Reflector{Anonymous: true, ExpandedStruct: true, Mapper: mapper, CommentMap: comments}
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
	prop := schemagen.Prop
	def := func(key string) (*jsonschema.Schema, error) { return schemagen.Def(s, key) }

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

	return schemagen.Encode(s)
}
