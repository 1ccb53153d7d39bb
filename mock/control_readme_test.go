package mock_test

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite README.md's control-plane routes table from openapi/control.yaml")

const (
	routesBegin = "<!-- control routes: generated from openapi/control.yaml by `go test ./mock -run TestReadmeControlRoutes -update-readme` -->\n"
	routesEnd   = "<!-- /control routes -->\n"
)

// TestReadmeControlRoutes: the README's table of control-plane routes is the contract's.
func TestReadmeControlRoutes(t *testing.T) {
	doc := controlDoc(t)
	var b strings.Builder
	b.WriteString("| Method | Path | Answers | What |\n|---|---|---|---|\n")
	for _, r := range allRoutes(doc) {
		var codes []string
		for code := range r.Operation.Responses.Map() {
			codes = append(codes, code)
		}
		slices.Sort(codes)
		b.WriteString("| " + r.Method + " | `" + r.Path + "` | " + strings.Join(codes, ", ") + " | " + r.Operation.Summary + " |\n")
	}
	want := routesBegin + b.String() + routesEnd
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i, j := strings.Index(readme, routesBegin), strings.Index(readme, routesEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no control routes table (between %q and %q)", strings.TrimSpace(routesBegin), strings.TrimSpace(routesEnd))
	}
	got := readme[i : j+len(routesEnd)]
	if got == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile("../README.md", []byte(readme[:i]+want+readme[j+len(routesEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's control routes table differs from the contract; run go test ./mock -run TestReadmeControlRoutes -update-readme\ngot:\n%s\nwant:\n%s", got, want)
}
