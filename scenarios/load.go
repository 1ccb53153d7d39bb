package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/internal/yamlsrc"
)

//go:embed *.yaml
var defaults embed.FS

// LoadError is one problem in a scenario file. Its message is "file:line: field: reason", the
// field being a path such as rules[0].steps[1].error ("" for the file as a whole).
type LoadError = yamlsrc.Problem

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
			errs = append(errs, &LoadError{File: file, Line: nameLine, Path: "name",
				Message: fmt.Sprintf("scenario %q is also defined in %s", s.Name, prev.File)})
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

// scenarioFile names a scenario file in the problems of yamlsrc.Read.
var scenarioFile = yamlsrc.Kind{
	Noun:    "the file",
	Empty:   "empty file: want a scenario with name, description and rules",
	Second:  "a second YAML document: write one scenario per file",
	Invalid: "invalid YAML: ",
}

// parse decodes and validates one file. It returns the scenario and the line of its name, or
// the file's problems sorted by line (at most yamlsrc.MaxShown).
func parse(file string, data []byte, codes map[flowmock.Code]int) (*Scenario, int, []*LoadError) {
	ps := &yamlsrc.List{File: file}
	root := yamlsrc.Read(data, scenarioFile, ps)
	if root == nil {
		return nil, 0, ps.Problems()
	}
	s := &Scenario{File: file}
	failed := newFaults(yamlsrc.Decode(root, s, ps))
	_, problems := compile(s, codes)
	for _, p := range problems {
		if failed.related(p.path) {
			continue // a consequence of a problem already reported
		}
		ps.Add(yamlsrc.Line(root, p.path), yamlsrc.Root(p.path), "%s", p.msg)
	}
	if ps.Len() > 0 {
		return nil, 0, ps.Problems()
	}
	return s, yamlsrc.Line(root, "name"), nil
}

// faults are the paths Decode found at fault, indexed so that telling whether a later
// problem is a consequence of one costs the length of its path, not the number of faults.
type faults struct {
	at    map[string]bool // the paths at fault
	above map[string]bool // every path that contains one of them
}

func newFaults(failed []string) faults {
	f := faults{at: map[string]bool{}, above: map[string]bool{}}
	for _, p := range failed {
		f.at[p] = true
		f.above[""] = true
		for i := 0; i < len(p); i++ {
			if p[i] == '.' || p[i] == '[' {
				f.above[p[:i]] = true
			}
		}
	}
	return f
}

// related reports whether path is at, inside, or contains, one of the paths at fault.
func (f faults) related(path string) bool {
	if f.at[path] || f.above[path] || f.at[""] {
		return true
	}
	for i := 0; i < len(path); i++ {
		if (path[i] == '.' || path[i] == '[') && f.at[path[:i]] {
			return true
		}
	}
	return false
}
