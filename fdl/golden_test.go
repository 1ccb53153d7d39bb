package fdl_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/fdl"
	goldenfile "github.com/flowmock/flowmock/internal/golden"
)

// golden compares got with the file at path, or rewrites the file under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	goldenfile.Check(t, path, got)
}

// definitionFiles lists the definitions in testdata/dir.
func definitionFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var files []string
	for _, pattern := range []string{"*.yaml", "*.json"} {
		m, err := filepath.Glob(filepath.Join("testdata", dir, pattern))
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		tb.Fatalf("no definitions in testdata/%s", dir)
	}
	return files
}

// TestProblemsGolden parses each testdata/bad definition and compares its problems, one a
// line, with the .golden file beside it.
func TestProblemsGolden(t *testing.T) {
	for _, name := range definitionFiles(t, "bad") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			d, err := fdl.Parse(string(b))
			var ps fdl.Problems
			if !errors.As(err, &ps) || d != nil {
				t.Fatalf("Parse = %v, %v; want nil and Problems", d, err)
			}
			var out strings.Builder
			for _, p := range ps {
				out.WriteString(p.Error() + "\n")
			}
			golden(t, strings.TrimSuffix(name, filepath.Ext(name))+".golden", []byte(out.String()))
		})
	}
}

// TestMarshalGolden writes each testdata/good definition in canonical form and compares it
// with testdata/marshal.
func TestMarshalGolden(t *testing.T) {
	for _, name := range definitionFiles(t, "good") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			out, err := mustParse(t, string(b)).Marshal()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "marshal", filepath.Base(name)+".golden"), out)
		})
	}
}
