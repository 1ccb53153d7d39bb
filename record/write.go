package record

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/gen/cloudflow"
)

// Summary is what WriteDir wrote and what it left out.
type Summary struct {
	Flows      int      // flow files written
	Executions int      // executions in them
	Skipped    []string // flows seen without a complete ListExecutions walk, not written
	Redacted   int      // distinct identifiers replaced
}

// fileExecution is an execution as a fixture file holds it, keys in the wire's order.
type fileExecution struct {
	Name           string `yaml:"Name"`
	Status         string `yaml:"Status"`
	StartedTime    string `yaml:"StartedTime"`
	StoppedTime    string `yaml:"StoppedTime,omitempty"`
	Input          string `yaml:"Input,omitempty"`
	Output         string `yaml:"Output,omitempty"`
	FlowDefinition string `yaml:"FlowDefinition,omitempty"`
}

type file struct {
	Flow       string          `yaml:"flow"`
	Definition string          `yaml:"definition,omitempty"`
	Executions []fileExecution `yaml:"executions"`
}

// WriteDir writes the recording to dir: one <flow>.yaml per flow whose executions a complete
// ListExecutions walk returned, executions by name, identifiers redacted. It writes a
// sibling temporary directory, loads it as serve would, and only then replaces dir, so dir is
// either the previous recording or the whole new one. A dir that holds anything but .yaml
// files is refused (it is not a recording).
func (r *Recorder) WriteDir(dir string, header string) (Summary, error) {
	files, sum := r.files()
	if err := refuseForeign(dir); err != nil {
		return sum, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dir)), "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return sum, fmt.Errorf("record: %w", err)
	}
	defer os.RemoveAll(tmp)
	for _, f := range files {
		b, err := encode(f, header)
		if err != nil {
			return sum, fmt.Errorf("record: flow %s: %w", f.Flow, err)
		}
		if err := os.WriteFile(filepath.Join(tmp, f.Flow+".yaml"), b, 0o644); err != nil {
			return sum, fmt.Errorf("record: %w", err)
		}
	}
	if len(files) > 0 {
		if _, err := fixtures.LoadDir(tmp); err != nil {
			return sum, fmt.Errorf("record: the recording does not load as fixtures, nothing written: %w", err)
		}
	}
	return sum, swap(tmp, dir)
}

// files builds the fixture files, sorted by flow, with the redactions applied.
func (r *Recorder) files() ([]file, Summary) {
	out, sum := r.raw()
	red := newRedactor(strs(out))
	for i := range out {
		red.file(&out[i])
		sum.Executions += len(out[i].Executions)
	}
	sum.Flows, sum.Redacted = len(out), red.count()
	return out, sum
}

// raw builds the fixture files as recorded, sorted by flow, executions by name.
func (r *Recorder) raw() ([]file, Summary) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var sum Summary
	var out []file
	for name, f := range r.flows {
		if f.executions == nil {
			sum.Skipped = append(sum.Skipped, name)
			continue
		}
		ff := file{Flow: name, Executions: make([]fileExecution, 0, len(f.executions))}
		if f.definition != nil {
			ff.Definition = *f.definition
		}
		for _, e := range f.executions {
			fe := execution(e)
			if fe.FlowDefinition == ff.Definition {
				fe.FlowDefinition = "" // the file's definition stands for it
			}
			ff.Executions = append(ff.Executions, fe)
		}
		sort.Slice(ff.Executions, func(i, j int) bool { return ff.Executions[i].Name < ff.Executions[j].Name })
		out = append(out, ff)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Flow < out[j].Flow })
	sort.Strings(sum.Skipped)
	return out, sum
}

func execution(e cloudflow.Execution) fileExecution {
	fe := fileExecution{Name: e.Name, Status: string(e.Status), StartedTime: e.StartedTime.String()}
	if e.StoppedTime != nil {
		fe.StoppedTime = e.StoppedTime.String()
	}
	for dst, src := range map[*string]*string{&fe.Input: e.Input, &fe.Output: e.Output, &fe.FlowDefinition: e.FlowDefinition} {
		if src != nil {
			*dst = *src
		}
	}
	return fe
}

func encode(f file, header string) ([]byte, error) {
	var b bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(header), "\n") {
		if line != "" {
			b.WriteString("# " + line + "\n")
		}
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// refuseForeign refuses to replace a directory that is not a recording.
func refuseForeign(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("record: --out %s: %w", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".yaml" {
			return fmt.Errorf("record: --out %s holds %s, which a recording does not: give an empty or new directory, or a previous recording", dir, e.Name())
		}
	}
	return nil
}

// swap puts tmp in dir's place: the old recording moves aside, the new one in, the old one
// goes.
func swap(tmp, dir string) error {
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("record: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return fmt.Errorf("record: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
