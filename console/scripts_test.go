package console_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The page's own scripts (not the vendored ones) reach the control plane only through the
// client generated from its contract, so tsc (make test-console) checks every route, parameter
// and field they use; and each opts in to that check.
var (
	// clientCall is a call of the openapi-fetch client: the path is the contract's, checked by tsc.
	clientCall = regexp.MustCompile(`\b(?:GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS)\('/_mock/`)
	// byHand are the ways to ask a server for something outside the clients of api.js.
	byHand = regexp.MustCompile(`\bfetch\(|XMLHttpRequest|EventSource|sendBeacon|WebSocket`)
)

// handCalls lists what a script does that bypasses the control plane's client: a /_mock/ path
// outside a client call, and a request made by hand (allowed is api.js's CloudFlow call).
func handCalls(name, src string) []string {
	var out []string
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "//") || strings.HasPrefix(t, "/*") || strings.HasPrefix(t, "*") {
			continue // comments name routes in words
		}
		if n := strings.Count(t, "/_mock/"); n > len(clientCall.FindAllString(t, -1)) {
			out = append(out, fmt.Sprintf("%s:%d: a /_mock/ path outside the control client: %s", name, i+1, t))
		}
		for _, m := range byHand.FindAllString(t, -1) {
			if name == "api.js" && m == "fetch(" && strings.Contains(t, "fetch('/', ") {
				continue // the CloudFlow API's client
			}
			out = append(out, fmt.Sprintf("%s:%d: a request by hand (%s): %s", name, i+1, m, t))
		}
	}
	return out
}

func TestScriptsUseTheControlClient(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("assets/*.js")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts under assets/ (%v)", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range handCalls(name, string(b)) {
				t.Error(p)
			}
			if !strings.HasPrefix(string(b), "// @ts-check\n") {
				t.Errorf("%s does not start with // @ts-check: tsc (make test-console) would not check it", name)
			}
		})
	}
}

// TestHandCalls: the check above finds what it is for, and lets the client's calls and the
// comments through.
func TestHandCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src string
		want            int
	}{
		{"client call", "app.js", `const h = await ok(control.GET('/_mock/health'));`, 0},
		{"two client calls", "x.js", `a(control.PUT('/_mock/sessions/{id}/scenario', p), control.DELETE('/_mock/requests'))`, 0},
		{"comment", "x.js", "// GET /_mock/scenarios, every two seconds\n * PUT /_mock/sessions/{id}", 0},
		{"CloudFlow call in api.js", "api.js", `res = await fetch('/', { method: 'POST', headers, body });`, 0},
		{"fetch of the control plane", "x.js", "const r = await fetch(`/_mock/sessions/${id}`);", 2},
		{"fetch elsewhere", "x.js", `await fetch('/', { method: 'POST' });`, 1},
		{"a path in a string", "x.js", `const p = '/_mock/requests?limit=1';`, 1},
		{"XMLHttpRequest", "x.js", `const x = new XMLHttpRequest();`, 1},
		{"a path beside a client call", "x.js", `control.GET('/_mock/health'); go('/_mock/requests');`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := handCalls(tt.file, tt.src); len(got) != tt.want {
				t.Errorf("handCalls(%q) = %q, want %d findings", tt.src, got, tt.want)
			}
		})
	}
}
