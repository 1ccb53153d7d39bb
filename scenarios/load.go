package scenarios

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock"
)

//go:embed *.yaml
var defaults embed.FS

// LoadError is one problem in a scenario file. Its message is "file:line: field: reason", the
// field being a path such as rules[0].steps[1].error ("" for the file as a whole).
type LoadError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

// Error returns "file:line: field: reason".
func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Default returns the scenarios embedded in the binary (the *.yaml files of this package's
// directory), checked against codes, the contract's error catalogue (code → HTTP status).
func Default(codes map[flowmock.Code]int) ([]*Scenario, error) {
	return load(defaults, "", codes)
}

// Load reads every *.yaml and *.yml file at the top of fsys, one scenario per file, and
// validates them strictly: unknown or duplicate keys, values of the wrong type, bad durations
// and rates, error codes that are not in codes (the contract's catalogue: code → HTTP status),
// probabilities outside [0, 1], rules without an answer, and duplicate names are all refused.
// The error joins one *LoadError per problem, in every file. The scenarios come back sorted by
// name.
func Load(fsys fs.FS, codes map[flowmock.Code]int) ([]*Scenario, error) {
	return load(fsys, "", codes)
}

// LoadDir is Load on a directory of the file system; errors name the files by their path.
func LoadDir(dir string, codes map[flowmock.Code]int) ([]*Scenario, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("scenarios: %s is not a directory", dir)
	}
	return load(os.DirFS(dir), dir, codes)
}

func load(fsys fs.FS, dir string, codes map[flowmock.Code]int) ([]*Scenario, error) {
	if codes == nil {
		return nil, errors.New("scenarios: no error codes: the contract's catalogue is needed to check scenario files")
	}
	var names []string
	for _, pattern := range []string{"*.yaml", "*.yml"} {
		m, err := fs.Glob(fsys, pattern)
		if err != nil {
			return nil, fmt.Errorf("scenarios: %w", err)
		}
		names = append(names, m...)
	}
	sort.Strings(names)
	if len(names) == 0 {
		where := dir
		if where == "" {
			where = "the file system"
		}
		return nil, fmt.Errorf("scenarios: no *.yaml files in %s", where)
	}

	var (
		errs   []error
		out    []*Scenario
		byName = make(map[string]*Scenario)
	)
	for _, name := range names {
		file := name
		if dir != "" {
			file = filepath.Join(dir, name)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("scenarios: %w", err))
			continue
		}
		s, nameLine, ferrs := parse(file, data, codes)
		for _, e := range ferrs {
			errs = append(errs, e)
		}
		if s == nil {
			continue
		}
		if prev, dup := byName[s.Name]; dup {
			errs = append(errs, &LoadError{File: file, Line: nameLine, Field: "name",
				Msg: fmt.Sprintf("scenario %q is also defined in %s", s.Name, prev.File)})
			continue
		}
		byName[s.Name] = s
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// parse decodes and validates one file. It returns the scenario and the line of its name, or
// the file's problems sorted by line.
func parse(file string, data []byte, codes map[flowmock.Code]int) (*Scenario, int, []*LoadError) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, []*LoadError{{File: file, Line: 1, Msg: "empty file: want a scenario with name, description and rules"}}
		}
		return nil, 0, []*LoadError{syntaxError(file, err)}
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, 0, []*LoadError{syntaxError(file, err)}
	default:
		line := extra.Line
		if len(extra.Content) > 0 {
			line = extra.Content[0].Line
		}
		return nil, 0, []*LoadError{{File: file, Line: line, Msg: "a second YAML document: write one scenario per file"}}
	}

	root := doc.Content[0]
	d := newDecoder()
	d.lines[""] = root.Line
	s := &Scenario{File: file}
	d.decode(root, reflect.ValueOf(s).Elem(), "")
	_, problems := compile(s, codes)

	var errs []*LoadError
	for _, p := range d.problems {
		errs = append(errs, &LoadError{File: file, Line: p.line, Field: p.path, Msg: p.msg})
	}
	for _, p := range problems {
		if related(p.path, d.problems) {
			continue // a consequence of a problem already reported
		}
		errs = append(errs, &LoadError{File: file, Line: d.line(p.path), Field: p.path, Msg: p.msg})
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return nil, 0, errs
	}
	return s, d.line("name"), nil
}

// related reports whether path is inside, or contains, the path of one of the problems.
func related(path string, problems []problem) bool {
	for _, p := range problems {
		if within(path, p.path) || within(p.path, path) {
			return true
		}
	}
	return false
}

// within reports whether path is base or below it.
func within(path, base string) bool {
	if base == "" || path == base {
		return true
	}
	return strings.HasPrefix(path, base) && (path[len(base)] == '.' || path[len(base)] == '[')
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

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

func syntaxError(file string, err error) *LoadError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserProblems[msg] {
			line++
		}
	}
	return &LoadError{File: file, Line: line, Msg: "invalid YAML: " + msg}
}
