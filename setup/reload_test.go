package setup_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/setup"
)

// TestHealthAfterReloads: /_mock/health reports a refused reload while it is in force, and
// the state after a later good one — also when the good mock file restored is byte for byte
// the one loaded before the refusal.
func TestHealthAfterReloads(t *testing.T) {
	good := []byte("Flows:\n  orders:\n    TestCases:\n      Happy: { Charge: OK }\nMockedResponses:\n  OK:\n    \"0\": { Return: {} }\n")
	file := filepath.Join(t.TempDir(), "mocks.yaml")
	write := func(b []byte) {
		t.Helper()
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(good)
	c := setup.Config{}
	c.MocksFile = file
	b, err := setup.Build(c)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(b.Server)
	defer ts.Close()
	type status struct {
		OK    bool   `json:"ok"`
		Kind  string `json:"kind"`
		Error string `json:"error"`
	}
	health := func() (shown status, kinds map[string]status) {
		t.Helper()
		res, err := http.Get(ts.URL + "/_mock/health")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var h struct {
			Reload  status            `json:"reload"`
			Reloads map[string]status `json:"reloads"`
		}
		if err := json.NewDecoder(res.Body).Decode(&h); err != nil {
			t.Fatal(err)
		}
		return h.Reload, h.Reloads
	}
	steps := []struct {
		name   string
		do     func()
		wantOK bool
		kind   string
	}{
		{"a broken mock file is refused", func() { write([]byte("Flows: [")); b.ReloadMocks() }, false, "mocks"},
		{"another kind reloads meanwhile", func() { b.ReloadFixtures() }, false, "mocks"},
		{"the same good bytes come back", func() { write(good); b.ReloadMocks() }, true, "mocks"},
		{"the file vanishes", func() { os.Remove(file); b.ReloadMocks() }, false, "mocks"},
		{"it is back", func() { write(good); b.ReloadMocks() }, true, "mocks"},
		{"an unchanged file is not reloaded", func() { b.ReloadMocks() }, true, "mocks"},
	}
	for _, st := range steps {
		st.do()
		shown, kinds := health()
		if shown.OK != st.wantOK || shown.Kind != st.kind {
			t.Fatalf("%s: health reload = %+v, want ok %v for %s", st.name, shown, st.wantOK, st.kind)
		}
		if !st.wantOK && !strings.Contains(shown.Error, "mocks.yaml") {
			t.Errorf("%s: error %q does not name the file", st.name, shown.Error)
		}
		if k := kinds[st.kind]; k.OK != st.wantOK {
			t.Errorf("%s: reloads[%s] = %+v, want ok %v", st.name, st.kind, k, st.wantOK)
		}
	}
}
