// Package schemagen holds what the JSON-schema generators of flowmock's file formats share
// (mockfile/internal/schemagen, scenarios/internal/schemagen): the command line, reading doc
// comments as descriptions, looking up the parts of a reflected schema, and the encoding of
// the written file. Each generator keeps what is particular to its format.
package schemagen

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/invopop/jsonschema"
)

// Module is the import path of flowmock, the base of the packages whose comments are read.
const Module = "github.com/flowmock/flowmock"

// Main parses -o (defaultOut when absent), writes what generate returns to it, and exits 1
// with the error on stderr when either fails.
func Main(defaultOut string, generate func() ([]byte, error)) {
	out := flag.String("o", defaultOut, "the file to write")
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

// Package names a Go package of flowmock by its name (the path below Module) and the directory
// its files are in, relative to the working directory.
type Package struct{ Name, Dir string }

// Comments reads the doc comments of the packages, keyed as jsonschema.Reflector.CommentMap
// wants them, each on one line, as an editor's hover shows them.
func Comments(pkgs ...Package) (map[string]string, error) {
	r := &jsonschema.Reflector{}
	for _, p := range pkgs {
		if err := r.AddGoComments(Module+"/"+p.Name, p.Dir); err != nil {
			return nil, fmt.Errorf("reading the comments of package %s: %w", p.Name, err)
		}
	}
	for k, c := range r.CommentMap {
		r.CommentMap[k] = strings.Join(strings.Fields(c), " ")
	}
	return r.CommentMap, nil
}

// Prop is the property key of parent, or an error naming it.
func Prop(parent *jsonschema.Schema, key string) (*jsonschema.Schema, error) {
	p, ok := parent.Properties.Get(key)
	if !ok {
		return nil, fmt.Errorf("no property %s", key)
	}
	return p, nil
}

// Def is the definition key of s, or an error naming it.
func Def(s *jsonschema.Schema, key string) (*jsonschema.Schema, error) {
	d, ok := s.Definitions[key]
	if !ok {
		return nil, fmt.Errorf("no definition %s", key)
	}
	return d, nil
}

// Encode returns s indented, with a final newline, without escaping <, > and &.
func Encode(s *jsonschema.Schema) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
