// Package report writes what a contract check found (the validating proxy's violations, a
// verify run's steps) as JSON or as JUnit XML, the two forms CI systems read.
package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/flowmock/flowmock/conform"
)

// Report is one run: a case per action (or verify step).
type Report struct {
	Tool     string    `json:"tool"`   // "flowmock proxy", "flowmock verify"
	Target   string    `json:"target"` // the upstream URL
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Cases    []Case    `json:"cases"`
}

// Case is one action or step: how often it was checked and what went wrong.
type Case struct {
	Name       string              `json:"name"`
	Checked    int                 `json:"checked"`              // answers checked
	Violations []conform.Violation `json:"violations,omitempty"` // contract violations
	Transport  []string            `json:"transport,omitempty"`  // the upstream did not answer
	Errors     []string            `json:"errors,omitempty"`     // a step that could not go on (verify)
	Skipped    string              `json:"skipped,omitempty"`    // why the case did not run
}

// Failed reports whether the case has a violation, a transport problem or an error.
func (c Case) Failed() bool { return len(c.Violations)+len(c.Transport)+len(c.Errors) > 0 }

// Totals counts violations, transport problems and errors over every case.
func (r *Report) Totals() (violations, transport, errs int) {
	for i := range r.Cases {
		violations += len(r.Cases[i].Violations)
		transport += len(r.Cases[i].Transport)
		errs += len(r.Cases[i].Errors)
	}
	return
}

// Sort orders the cases by name, for reports that diff cleanly.
func (r *Report) Sort() {
	sort.SliceStable(r.Cases, func(i, j int) bool { return r.Cases[i].Name < r.Cases[j].Name })
}

// WriteFile writes r to path: JUnit XML when the name ends in .xml, JSON otherwise. It writes
// a temporary file and renames it, so a reader never sees half a report.
func (r *Report) WriteFile(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*")
	if err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	write := r.WriteJSON
	if strings.EqualFold(filepath.Ext(path), ".xml") {
		write = r.WriteJUnit
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	return nil
}

// WriteJSON writes r as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes r as JUnit XML: a test case per case, a failure listing its violations,
// an error for transport problems and step errors.
func (r *Report) WriteJUnit(w io.Writer) error {
	s := junitSuite{Name: r.Tool + " " + r.Target, Timestamp: r.Started.UTC().Format(time.RFC3339),
		Time: fmt.Sprintf("%.3f", r.Finished.Sub(r.Started).Seconds())}
	class := strings.ReplaceAll(r.Tool, " ", ".")
	for i := range r.Cases {
		c := &r.Cases[i]
		jc := junitCase{Name: c.Name, Classname: class, SystemOut: fmt.Sprintf("%d answers checked", c.Checked)}
		if c.Skipped != "" {
			jc.Skipped = &junitProblem{Message: c.Skipped}
			s.Skipped++
		}
		if len(c.Violations) > 0 {
			lines := make([]string, len(c.Violations))
			for j, v := range c.Violations {
				lines[j] = v.String()
			}
			jc.Failure = &junitProblem{Message: fmt.Sprintf("%d contract violations", len(c.Violations)), Type: "ContractViolation", Text: strings.Join(lines, "\n")}
			s.Failures++
		}
		if probs := append(append([]string{}, c.Errors...), c.Transport...); len(probs) > 0 {
			jc.Error = &junitProblem{Message: probs[0], Type: "Error", Text: strings.Join(probs, "\n")}
			s.Errors++
		}
		s.Cases = append(s.Cases, jc)
	}
	s.Tests = len(s.Cases)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Suites: []junitSuite{s}}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
