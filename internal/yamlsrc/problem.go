package yamlsrc

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

const (
	// MaxShown is the most problems a List reports; past it the last problem says how many
	// more were found.
	MaxShown = 20
	// maxCollected bounds the problems a List keeps before sorting, so that a hostile source
	// cannot make a checker spend long on problems nobody will read.
	maxCollected = 1000
)

// Problem is one fault of a source at a line: the one "problem at a line" type of the
// project, for files (mock files, scenarios, fixtures) and for flow definitions (package fdl).
//
// A file's problem (File or Path set) reads "file:line: path: message", the path naming the
// field at fault from the top ("" for the file as a whole). A definition's (neither set)
// reads "line 12, state ChargePayment, field Next: message". Either leaves out the parts it
// does not have.
type Problem struct {
	// File names the source file; "" for a definition's text.
	File string
	// Line is the 1-based line of the fault, 0 when it has none.
	Line int
	// Path is the field at fault in a file, from the top, e.g. "Flows.f".
	Path string
	// State is the path of the state (new dialect) or step (old dialect) at fault in a
	// definition, its names from the top separated by "/", e.g. "Parallel1/Branch0/Pass2";
	// "" for the top level.
	State string
	// Field is the field at fault in a definition, e.g. "Next" or "Branches[1].Condition";
	// "" for the state as a whole.
	Field string
	// Message says what is wrong.
	Message string
}

// Error formats p as a file's or a definition's problem (see Problem).
func (p Problem) Error() string {
	if p.File == "" && p.Path == "" {
		return p.definitionError()
	}
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// definitionError formats p as `line 12, state ChargePayment, field Next: no state named
// "Shipit" in this scope`.
func (p Problem) definitionError() string {
	var parts []string
	if p.Line > 0 {
		parts = append(parts, "line "+strconv.Itoa(p.Line))
	}
	if p.State != "" {
		parts = append(parts, "state "+p.State)
	}
	if p.Field != "" {
		parts = append(parts, "field "+p.Field)
	}
	if len(parts) == 0 {
		return p.Message
	}
	return strings.Join(parts, ", ") + ": " + p.Message
}

// Join joins problems, sorted by line (stably), one a line; nil when there are none.
func Join(ps []*Problem) error {
	if len(ps) == 0 {
		return nil
	}
	slices.SortStableFunc(ps, func(a, b *Problem) int { return cmp.Compare(a.Line, b.Line) })
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return errors.Join(out...)
}

// List collects the problems of one source file. Their paths are kept as *Path and rendered
// only for the problems reported. The zero List (with File set) is ready to use.
type List struct {
	// File names the source in every problem.
	File string
	// Bracketed renders paths with Path.Bracketed instead of Path.String.
	Bracketed bool

	found []found
	count int
}

// found is a problem whose path is not rendered yet.
type found struct {
	line int
	at   *Path
	msg  string
}

// Add records a problem at line of the field at path (nil: the file as a whole).
func (l *List) Add(line int, at *Path, format string, args ...any) {
	l.count++
	if len(l.found) < maxCollected {
		l.found = append(l.found, found{line, at, fmt.Sprintf(format, args...)})
	}
}

// Len is the number of problems added, kept or not.
func (l *List) Len() int { return l.count }

// Problems returns the problems in line order, at most MaxShown of them: past it the last one
// says how many more were found.
func (l *List) Problems() []*Problem {
	fs := slices.Clone(l.found)
	slices.SortStableFunc(fs, func(a, b found) int { return cmp.Compare(a.line, b.line) })
	shown, more := fs, l.count-len(fs)
	if len(fs) > MaxShown {
		shown, more = fs[:MaxShown-1], l.count-(MaxShown-1)
	}
	out := make([]*Problem, 0, len(shown)+1)
	for _, f := range shown {
		path := f.at.String()
		if l.Bracketed {
			path = f.at.Bracketed()
		}
		out = append(out, &Problem{File: l.File, Line: f.line, Path: path, Message: f.msg})
	}
	if more > 0 {
		last := shown[len(shown)-1].line
		out = append(out, &Problem{File: l.File, Line: last, Message: fmt.Sprintf("%d more problems not shown", more)})
	}
	return out
}

// Err returns the problems joined (see Join), nil when there are none.
func (l *List) Err() error { return Join(l.Problems()) }
