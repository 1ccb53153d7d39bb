// Command schemagen writes scenario.schema.json, the JSON Schema of scenario files, from the Go
// types of package scenarios (their doc comments become descriptions) and the registered fault
// kinds. go generate runs it in the scenarios directory:
//
//	go run ./internal/schemagen -o scenario.schema.json
//
// Editors pick the schema up from the first line of a scenario file:
//
//	# yaml-language-server: $schema=./scenario.schema.json
package main

import (
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/flowmock/flowmock/fault"
	"github.com/flowmock/flowmock/internal/schemagen"
	"github.com/flowmock/flowmock/scenarios"
)

const (
	durationPattern = `^(0|(([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|µs|ms|s|m|h))+)$`
	ratePattern     = `^\s*[0-9]+\s*/\s*(s|m|h|(([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|µs|ms|s|m|h))+)\s*$`
)

func main() { schemagen.Main("scenario.schema.json", generate) }

// generate returns the schema, indented, with a final newline. It reads doc comments from the
// Go files of the working directory, which must be the scenarios package, and of ../fault.
func generate() ([]byte, error) {
	comments, err := schemagen.Comments(
		schemagen.Package{Name: "scenarios", Dir: "."}, schemagen.Package{Name: "fault", Dir: "../fault"})
	if err != nil {
		return nil, err
	}
	types := []reflect.Type{
		reflect.TypeFor[scenarios.Scenario](), reflect.TypeFor[scenarios.Rule](), reflect.TypeFor[scenarios.Step](),
		reflect.TypeFor[scenarios.Response](), reflect.TypeFor[scenarios.Match](), reflect.TypeFor[scenarios.RateLimit](),
		reflect.TypeFor[scenarios.Latency](), reflect.TypeFor[scenarios.FaultSpec](),
	}
	for _, k := range fault.Kinds() {
		types = append(types, reflect.TypeOf(k.New()).Elem())
	}
	polish(comments, types)

	// Types written as strings, and the fault envelope, are definitions of their own.
	defs := jsonschema.Definitions{
		"Duration": {
			Type:        "string",
			Pattern:     durationPattern,
			Description: "A Go duration: a number and a unit (ns, us, ms, s, m, h), such as 250ms, 1.5s or 2m.",
			Examples:    []any{"250ms", "1.5s", "2m"},
		},
		"Rate": {
			Type:        "string",
			Pattern:     ratePattern,
			Description: comments[schemagen.Module+"/scenarios.Rate"],
			Examples:    []any{"5/s", "100/m", "1/500ms"},
		},
	}
	refs := map[reflect.Type]string{
		reflect.TypeFor[fault.Duration]():      "Duration",
		reflect.TypeFor[scenarios.Rate]():      "Rate",
		reflect.TypeFor[scenarios.FaultSpec](): "FaultSpec",
	}
	mapper := func(t reflect.Type) *jsonschema.Schema {
		if name, ok := refs[t]; ok {
			return &jsonschema.Schema{Ref: "#/$defs/" + name}
		}
		return nil
	}

	r := &jsonschema.Reflector{Anonymous: true, ExpandedStruct: true, Mapper: mapper, CommentMap: comments}
	s := r.Reflect(&scenarios.Scenario{})
	s.Title = "flowmock scenario"
	s.Definitions["FaultSpec"] = faultSchema(comments, mapper)
	for name, def := range defs {
		s.Definitions[name] = def
	}

	return schemagen.Encode(s)
}

// polish makes the comments read well in an editor's hover, naming a field by its key in the
// file ("`rate_limit` fires when ...") rather than its Go name.
func polish(comments map[string]string, types []reflect.Type) {
	for _, t := range types {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			key := t.PkgPath() + "." + t.Name() + "." + f.Name
			if c, ok := comments[key]; ok && name != "" && name != "-" && strings.HasPrefix(c, f.Name+" ") {
				comments[key] = "`" + name + "`" + c[len(f.Name):]
			}
		}
	}
}

// faultSchema is one variant per registered fault kind: {type: NAME, attributes: {...}}, the
// attributes reflected from the kind's settings struct, all optional.
func faultSchema(comments map[string]string, mapper func(reflect.Type) *jsonschema.Schema) *jsonschema.Schema {
	s := &jsonschema.Schema{Description: comments[schemagen.Module+"/scenarios.FaultSpec"]}
	for _, k := range fault.Kinds() {
		t := reflect.TypeOf(k.New()).Elem()
		sub := &jsonschema.Reflector{
			Anonymous: true, ExpandedStruct: true, DoNotReference: true, RequiredFromJSONSchemaTags: true,
			Mapper: mapper, CommentMap: comments,
		}
		attrs := sub.ReflectFromType(t)
		attrs.Version = ""
		attrs.Description = "The settings of the " + k.Name + " fault; absent means its defaults."
		props := jsonschema.NewProperties()
		props.Set("type", &jsonschema.Schema{Const: k.Name})
		props.Set("attributes", attrs)
		s.OneOf = append(s.OneOf, &jsonschema.Schema{
			Title:                k.Name,
			Description:          comments[t.PkgPath()+"."+t.Name()],
			Type:                 "object",
			Properties:           props,
			Required:             []string{"type"},
			AdditionalProperties: jsonschema.FalseSchema,
		})
	}
	return s
}
