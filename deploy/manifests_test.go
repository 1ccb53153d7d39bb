package deploy

import (
	"bytes"
	"errors"
	"io"
	"os"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"
)

// decodeAll decodes every YAML document of path, failing the test naming the file.
func decodeAll[T any](t *testing.T, path string) []T {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []T
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	for {
		var d T
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, d)
	}
}

// documentedEnv are the FLOWMOCK_* variables of the README's table.
func documentedEnv(t *testing.T) map[string]bool {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(FLOWMOCK_[A-Z_]+)` \\|").FindAllSubmatch(raw, -1) {
		out[string(m[1])] = true
	}
	return out
}

type composeFile struct {
	Services map[string]struct {
		Image       string
		ReadOnly    bool `yaml:"read_only"`
		Environment map[string]string
		DependsOn   map[string]struct{ Condition string } `yaml:"depends_on"`
	}
}

func TestCompose(t *testing.T) {
	docs := decodeAll[composeFile](t, "compose.yaml")
	if len(docs) != 1 {
		t.Fatalf("compose.yaml: %d documents, want 1", len(docs))
	}
	svc := docs[0].Services
	mock, ok := svc["flowmock"]
	if !ok {
		t.Fatalf("compose.yaml: no service flowmock (services %v)", svc)
	}
	if mock.Image != "flowmock:latest" || !mock.ReadOnly {
		t.Errorf("flowmock: image %q read_only %v, want flowmock:latest (make image) and read-only", mock.Image, mock.ReadOnly)
	}
	if got := mock.Environment["FLOWMOCK_CONTROL_HOSTS"]; got != "flowmock" {
		t.Errorf("flowmock: FLOWMOCK_CONTROL_HOSTS = %q, want the service name flowmock (the app calls the control plane by it)", got)
	}
	documented := documentedEnv(t)
	for k := range mock.Environment {
		if !documented[k] {
			t.Errorf("flowmock: %s is not in the README's variable table", k)
		}
	}
	app, ok := svc["app"]
	if !ok || app.DependsOn["flowmock"].Condition != "service_healthy" {
		t.Errorf("app: depends_on = %v, want flowmock with condition service_healthy", app.DependsOn)
	}
	if _, err := os.Stat("app/app.js"); err != nil {
		t.Errorf("the example app: %v", err)
	}
}
