package mockfile

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Error is one problem of a mock file. Its message is "file:line: path: message", the path
// being the keys from the top, such as Flows.order_pipeline.TestCases.HappyPath.ChargeCard
// ("" for the file as a whole). A key other than letters, digits, '_' and '-' is written
// quoted in brackets: MockedResponses.OK["0"].Return["a.b"].
type Error struct {
	File string
	Line int // 1-based; 0 when unknown
	Path string
	Msg  string
}

// Error returns "file:line: path: message", leaving out the parts e does not have.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// joinErrors joins errs, sorted by line, one a line; nil when there are none.
func joinErrors(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *Error) int { return a.Line - b.Line })
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// pathKey writes key for a path: as is when plain, else quoted in brackets.
func pathKey(key string) string {
	if plainKey.MatchString(key) {
		return key
	}
	return "[" + strconv.Quote(key) + "]"
}

// joinPath appends key to path.
func joinPath(path, key string) string {
	k := pathKey(key)
	if path == "" || strings.HasPrefix(k, "[") {
		return path + k
	}
	return path + "." + k
}

var (
	yamlLine    = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	anchorError = regexp.MustCompile(`unknown anchor '(.*)' referenced`)
)

// parserProblems are the problems yaml.v3's parser (as opposed to its scanner) reports. It
// numbers their lines from 0, and the scanner's from 1 (yaml.v3 decode.go, parser.fail); both
// leave the line out when it is the first. The same list is in package scenarios.
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

// syntaxError turns an error of yaml.v3 into an *Error at the line it names.
func syntaxError(file string, data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserProblems[msg] {
			line++
		}
	} else if m := anchorError.FindStringSubmatch(msg); m != nil {
		if i := strings.Index(string(data), "*"+m[1]); i >= 0 {
			line = strings.Count(string(data[:i]), "\n") + 1
		}
	}
	return &Error{File: file, Line: line, Msg: fmt.Sprintf("invalid YAML: %s", msg)}
}
