package yamlsrc

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Kind says how the problems of Read name a kind of source.
type Kind struct {
	// Noun names a source of the kind in a problem: "the definition", "the file".
	Noun string
	// Empty is the problem of a source without a document.
	Empty string
	// Second is the problem of a source with a second document.
	Second string
	// Invalid starts the problem of a YAML syntax error: "invalid YAML: ".
	Invalid string
}

// Read decodes data, one YAML (or JSON) document, and checks it with Guard. It returns the
// top node of the document, or nil after adding to ps why there is none: data is empty, not
// valid YAML, holds a second document, or fails the guard. The simplest YAML is read by a
// fast reader that builds the tree yaml.v3 would (see fastRead); anything else by yaml.v3.
func Read(data []byte, kind Kind, ps *List) *yaml.Node {
	doc := fastRead(data)
	if doc == nil {
		doc = decode(data, kind, ps)
	}
	return top(doc, kind, ps)
}

// ReadString is Read of text. What the fast reader reads is not copied: its values are
// parts of text.
func ReadString(text string, kind Kind, ps *List) *yaml.Node {
	doc := fastRead(text)
	if doc == nil {
		doc = decode([]byte(text), kind, ps)
	}
	return top(doc, kind, ps)
}

// top returns the top node of document doc after checking it with Guard, or nil after
// adding to ps why there is none. A nil doc has its problems in ps already.
func top(doc *yaml.Node, kind Kind, ps *List) *yaml.Node {
	if doc == nil {
		return nil
	}
	if len(doc.Content) == 0 {
		ps.Add(1, nil, "%s", kind.Empty)
		return nil
	}
	if !Guard(doc.Content[0], kind.Noun, ps) {
		return nil
	}
	return doc.Content[0]
}

// decode decodes data with yaml.v3 into its document node, or returns nil after adding to
// ps why there is none: data is empty, not valid YAML, or holds a second document.
func decode(data []byte, kind Kind, ps *List) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			ps.Add(1, nil, "%s", kind.Empty)
		} else {
			line, msg := Syntax(err, data)
			ps.Add(line, nil, "%s%s", kind.Invalid, msg)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		line, msg := Syntax(err, data)
		ps.Add(line, nil, "%s%s", kind.Invalid, msg)
		return nil
	default:
		ps.Add(extra.Line, nil, "%s", kind.Second) // the line of its "---"
		return nil
	}
	return &doc
}

var (
	lineError   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	anchorError = regexp.MustCompile(`unknown anchor '(.*)' referenced`)
)

// parserProblems are the problems yaml.v3's parser (as opposed to its scanner) reports. It
// numbers their lines from 0, and the scanner's from 1 (yaml.v3 decode.go, parser.fail); both
// leave the line out when it is the first.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// Syntax returns the line of data that a yaml.v3 error names (1 when it names none) and its
// message without the "yaml: " and line prefix. An unknown anchor is placed at its first
// use.
func Syntax(err error, data []byte) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	line = 1
	if m := lineError.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserProblems[msg] {
			line++
		}
	} else if m := anchorError.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line = bytes.Count(data[:i], []byte("\n")) + 1
		}
	}
	return line, msg
}

// Lines is the number of lines of data as YAML counts them: a line ends at LF, CR, CRLF,
// NEL, LS or PS. Every line a problem names is at most Lines(data)+1.
func Lines(data []byte) int {
	n := 1
	for i := 0; i < len(data); i++ {
		switch {
		case data[i] == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			n++
		case data[i] == '\n':
			n++
		case bytes.HasPrefix(data[i:], []byte("\u0085")):
			i++
			n++
		case bytes.HasPrefix(data[i:], []byte("\u2028")), bytes.HasPrefix(data[i:], []byte("\u2029")):
			i += 2
			n++
		}
	}
	return n
}
