package mockfile_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/internal/golden"
	"github.com/flowmock/flowmock/mockfile"
)

// files lists the mock files in testdata/dir.
func files(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	for _, pattern := range []string{"*.yaml", "*.json"} {
		m, err := filepath.Glob(filepath.Join("testdata", dir, pattern))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) == 0 {
		tb.Fatalf("no mock files in testdata/%s", dir)
	}
	slices.Sort(out)
	return out
}

// parse parses the file at path, named by its base name in errors.
func parse(tb testing.TB, path string) (*mockfile.File, error) {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return mockfile.Parse(filepath.Base(path), b)
}

func mustParse(tb testing.TB, path string) *mockfile.File {
	tb.Helper()
	f, err := parse(tb, path)
	if err != nil {
		tb.Fatalf("Parse(%s): %v", path, err)
	}
	return f
}

func mustCase(tb testing.TB, f *mockfile.File, flow, testCase string) *mockfile.Case {
	tb.Helper()
	c, ok := f.Case(flow, testCase)
	if !ok {
		tb.Fatalf("Case(%q, %q) = false, want the case", flow, testCase)
	}
	return c
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		file   string
		cases  map[string][]string // flow → its test cases
		states map[string][]string // flow/case → its states
		unused []string
	}{
		{
			file:  "orders.yaml",
			cases: map[string][]string{"order_pipeline": {"CardDeclined", "HappyPath"}},
			states: map[string][]string{
				"order_pipeline/HappyPath":    {"ChargeCard", "Ship"},
				"order_pipeline/CardDeclined": {"ChargeCard"},
			},
		},
		{
			file: "everything.json",
			cases: map[string][]string{
				"_nightly-report": {"Map_items"},
				"order_pipeline":  {"FlakyShipping", "HappyPath", "NothingMocked"},
			},
			states: map[string][]string{
				"_nightly-report/Map_items":    {"Process item"},
				"order_pipeline/FlakyShipping": {"ChargeCard", "Ship"},
				"order_pipeline/HappyPath":     {"ChargeCard", "Ship"},
				"order_pipeline/NothingMocked": nil,
			},
			unused: []string{"Spare"},
		},
		{
			file:  "anchors.yaml",
			cases: map[string][]string{"payments": {"Quiet", "Retries"}},
			states: map[string][]string{
				"payments/Retries": {"Charge", "Notify"},
				"payments/Quiet":   nil,
			},
		},
	}
	if n := len(files(t, "valid")); n != len(tests) {
		t.Errorf("testdata/valid has %d files, the table %d", n, len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := mustParse(t, filepath.Join("testdata", "valid", tt.file))
			if got, want := f.Name(), tt.file; got != want {
				t.Errorf("Name() = %q, want %q", got, want)
			}
			var wantFlows []string
			for flow := range tt.cases {
				wantFlows = append(wantFlows, flow)
			}
			slices.Sort(wantFlows)
			if got := f.Flows(); !slices.Equal(got, wantFlows) {
				t.Errorf("Flows() = %q, want %q", got, wantFlows)
			}
			for flow, want := range tt.cases {
				if got := f.TestCases(flow); !slices.Equal(got, want) {
					t.Errorf("TestCases(%q) = %q, want %q", flow, got, want)
				}
			}
			for key, want := range tt.states {
				flow, name, _ := strings.Cut(key, "/")
				c := mustCase(t, f, flow, name)
				if c.Flow != flow || c.Name != name {
					t.Errorf("Case(%q, %q) = {Flow: %q, Name: %q}", flow, name, c.Flow, c.Name)
				}
				if got := c.States(); !slices.Equal(got, want) {
					t.Errorf("%s: States() = %q, want %q", key, got, want)
				}
			}
			if got := f.Unused(); !slices.Equal(got, tt.unused) {
				t.Errorf("Unused() = %q, want %q", got, tt.unused)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	f := mustParse(t, "testdata/valid/orders.yaml")
	if got := f.TestCases("nope"); got != nil {
		t.Errorf("TestCases(nope) = %q, want nil", got)
	}
	for _, tt := range []struct{ flow, testCase string }{
		{"nope", "HappyPath"}, {"order_pipeline", "nope"}, {"order_pipeline", "happypath"}, {"", ""},
	} {
		if c, ok := f.Case(tt.flow, tt.testCase); ok || c != nil {
			t.Errorf("Case(%q, %q) = %v, %v; want nil, false", tt.flow, tt.testCase, c, ok)
		}
	}
}

func TestAnswer(t *testing.T) {
	type want struct {
		ok    bool
		ret   string // compact JSON; "" for none
		throw *mockfile.Throw
		delay time.Duration
		resp  string // Case.Response; "" when the state is not mocked
	}
	declined := &mockfile.Throw{Error: "FC.CardDeclined", Cause: "card declined"}
	timeout := &mockfile.Throw{Error: "FC.Timeout"}
	tests := []struct {
		name                  string
		file, flow, tc, state string
		index                 int
		want                  want
	}{
		{"single index", "orders.yaml", "order_pipeline", "HappyPath", "ChargeCard", 0,
			want{ok: true, ret: `{"charged":true}`, resp: "ChargeOK"}},
		{"past the only key", "orders.yaml", "order_pipeline", "HappyPath", "ChargeCard", 1,
			want{resp: "ChargeOK"}},
		{"delay", "orders.yaml", "order_pipeline", "HappyPath", "Ship", 0,
			want{ok: true, ret: `{"tracking":"SF123"}`, delay: 2 * time.Second, resp: "ShipOK"}},
		{"range start", "orders.yaml", "order_pipeline", "CardDeclined", "ChargeCard", 0,
			want{ok: true, throw: declined, resp: "DeclinedThenOK"}},
		{"range end", "orders.yaml", "order_pipeline", "CardDeclined", "ChargeCard", 1,
			want{ok: true, throw: declined, resp: "DeclinedThenOK"}},
		{"after the range", "orders.yaml", "order_pipeline", "CardDeclined", "ChargeCard", 2,
			want{ok: true, ret: `{"charged":true}`, resp: "DeclinedThenOK"}},
		{"past the last key: not repeated", "orders.yaml", "order_pipeline", "CardDeclined", "ChargeCard", 3,
			want{resp: "DeclinedThenOK"}},
		{"negative index", "orders.yaml", "order_pipeline", "CardDeclined", "ChargeCard", -1,
			want{resp: "DeclinedThenOK"}},
		{"state not mocked by this case", "orders.yaml", "order_pipeline", "CardDeclined", "Ship", 0, want{}},
		{"state names are case-sensitive", "orders.yaml", "order_pipeline", "HappyPath", "chargecard", 0, want{}},
		{"throw with delay", "everything.json", "order_pipeline", "FlakyShipping", "Ship", 1,
			want{ok: true, throw: timeout, delay: 150 * time.Millisecond, resp: "TimeoutTwiceThenOK"}},
		{"json values", "everything.json", "order_pipeline", "HappyPath", "Ship", 0,
			want{ok: true, ret: `{"tracking":"SF123","tags":["a<b","é",1000]}`, delay: 90 * time.Second, resp: "ShipOK"}},
		{"null and float", "everything.json", "order_pipeline", "HappyPath", "ChargeCard", 0,
			want{ok: true, ret: `{"charged":true,"amount":12.5,"receipt":null}`, resp: "ChargeOK"}},
		{"keys written out of order", "everything.json", "_nightly-report", "Map_items", "Process item", 0,
			want{ok: true, ret: `{"item":"early"}`, resp: "Items"}},
		{"keys written out of order, second range", "everything.json", "_nightly-report", "Map_items", "Process item", 4,
			want{ok: true, ret: `{"item":"late"}`, resp: "Items"}},
		{"empty cause", "everything.json", "_nightly-report", "Map_items", "Process item", 5,
			want{ok: true, throw: &mockfile.Throw{Error: "States.TaskFailed"}, resp: "Items"}},
		{"past a range", "everything.json", "_nightly-report", "Map_items", "Process item", 6, want{resp: "Items"}},
		{"empty case", "everything.json", "order_pipeline", "NothingMocked", "ChargeCard", 0, want{}},
		{"alias", "anchors.yaml", "payments", "Retries", "Charge", 1,
			want{ok: true, throw: &mockfile.Throw{Error: "FC.Timeout", Cause: "timed out"}, resp: "FailThenOK"}},
		{"yaml scalars", "anchors.yaml", "payments", "Retries", "Charge", 3,
			want{ok: true, ret: `{"status":"ok","at":"2024-01-01","count":16,"ratio":0,"big":12345678901234567890,` +
				`"nested":{"list":[1,[2,{"three":3}]],"dotted.key":"yes"}}`, resp: "FailThenOK"}},
		{"zero delay", "anchors.yaml", "payments", "Retries", "Notify", 0,
			want{ok: true, ret: `{"status":"ok","at":"2024-01-01","count":16,"ratio":0,"big":12345678901234567890,` +
				`"nested":{"list":[1,[2,{"three":3}]],"dotted.key":"yes"}}`, resp: "Sent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, filepath.Join("testdata", "valid", tt.file))
			c := mustCase(t, f, tt.flow, tt.tc)
			got, ok := c.Answer(tt.state, tt.index)
			if ok != tt.want.ok {
				t.Fatalf("Answer(%q, %d) ok = %v, want %v", tt.state, tt.index, ok, tt.want.ok)
			}
			if g, w := string(got.Return), tt.want.ret; g != w {
				t.Errorf("Return = %s, want %s", g, w)
			}
			if !reflect.DeepEqual(got.Throw, tt.want.throw) {
				t.Errorf("Throw = %+v, want %+v", got.Throw, tt.want.throw)
			}
			if got.Delay != tt.want.delay {
				t.Errorf("Delay = %v, want %v", got.Delay, tt.want.delay)
			}
			resp, mocked := c.Response(tt.state)
			if resp != tt.want.resp || mocked != (tt.want.resp != "") {
				t.Errorf("Response(%q) = %q, %v; want %q", tt.state, resp, mocked, tt.want.resp)
			}
		})
	}
}

// TestAnswerIsACopy checks that a caller changing an answer does not change the file.
func TestAnswerIsACopy(t *testing.T) {
	f := mustParse(t, "testdata/valid/orders.yaml")
	c := mustCase(t, f, "order_pipeline", "CardDeclined")
	for _, i := range []int{0, 2} {
		a, _ := c.Answer("ChargeCard", i)
		for j := range a.Return {
			a.Return[j] = 'x'
		}
		if a.Throw != nil {
			a.Throw.Error = "changed"
		}
		b, _ := c.Answer("ChargeCard", i)
		if bytes.Contains(b.Return, []byte("x")) || (b.Throw != nil && b.Throw.Error == "changed") {
			t.Errorf("Answer(ChargeCard, %d) = %+v after the caller changed a previous answer", i, b)
		}
	}
}

// TestErrorsGolden parses each testdata/invalid file and compares its errors, one a line,
// with the .golden file beside it.
func TestErrorsGolden(t *testing.T) {
	for _, name := range files(t, "invalid") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f, err := parse(t, name)
			if err == nil {
				t.Fatalf("Parse = %v, nil; want an error", f)
			}
			if f != nil {
				t.Errorf("Parse returned a file with its error")
			}
			golden.Check(t, strings.TrimSuffix(name, filepath.Ext(name))+".golden", []byte(err.Error()+"\n"))

			// Every problem is an *Error naming the file and a line.
			joined, ok := err.(interface{ Unwrap() []error })
			if !ok {
				t.Fatalf("error %T does not join its problems", err)
			}
			for _, e := range joined.Unwrap() {
				var me *mockfile.Error
				if !errors.As(e, &me) {
					t.Errorf("problem %T (%v) is not a *mockfile.Error", e, e)
					continue
				}
				if me.File != filepath.Base(name) || me.Line < 1 {
					t.Errorf("problem %q: File %q, Line %d; want %q and a line", me, me.File, me.Line, filepath.Base(name))
				}
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  mockfile.Error
		want string
	}{
		{"all", mockfile.Error{File: "m.yaml", Line: 3, Path: "Flows.f", Message: "bad"}, "m.yaml:3: Flows.f: bad"},
		{"no line", mockfile.Error{File: "m.yaml", Path: "Flows.f", Message: "bad"}, "m.yaml: Flows.f: bad"},
		{"no path", mockfile.Error{File: "m.yaml", Line: 1, Message: "bad"}, "m.yaml:1: bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	t.Run("names the file by path", func(t *testing.T) {
		path := filepath.Join("testdata", "valid", "orders.yaml")
		f, err := mockfile.Load(path)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if got := f.Name(); got != path {
			t.Errorf("Name() = %q, want %q", got, path)
		}
		path = filepath.Join("testdata", "invalid", "flows-list.yaml")
		_, err = mockfile.Load(path)
		if want := path + ":1: Flows: "; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Load error = %v, want it to start with %q", err, want)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		if _, err := mockfile.Load("testdata/nowhere.yaml"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Load = %v, want an error wrapping os.ErrNotExist", err)
		}
	})
}

func TestCheck(t *testing.T) {
	f := mustParse(t, "testdata/valid/orders.yaml")
	tests := []struct {
		name     string
		flow, tc string
		states   []string
		want     []string // the error's lines
		noCase   bool     // the error wraps ErrNoTestCase
	}{
		{name: "every case, all states known", flow: "order_pipeline", states: []string{"ChargeCard", "Ship", "Pack"}},
		{name: "one case, all states known", flow: "order_pipeline", tc: "CardDeclined", states: []string{"ChargeCard"}},
		{name: "one case, unknown state", flow: "order_pipeline", tc: "HappyPath", states: []string{"ChargeCard", "Pack"},
			want: []string{`orders.yaml:5: Flows.order_pipeline.TestCases.HappyPath.Ship: test case HappyPath mocks state "Ship", which is not a task state of flow order_pipeline (its task states: ChargeCard, Pack)`}},
		{name: "every case, in line order", flow: "order_pipeline", states: []string{"chargeCard"},
			want: []string{
				`orders.yaml:5: Flows.order_pipeline.TestCases.HappyPath.ChargeCard: test case HappyPath mocks state "ChargeCard", which is not a task state of flow order_pipeline (did you mean "chargeCard"?)`,
				`orders.yaml:5: Flows.order_pipeline.TestCases.HappyPath.Ship: test case HappyPath mocks state "Ship", which is not a task state of flow order_pipeline (its task states: chargeCard)`,
				`orders.yaml:6: Flows.order_pipeline.TestCases.CardDeclined.ChargeCard: test case CardDeclined mocks state "ChargeCard", which is not a task state of flow order_pipeline (did you mean "chargeCard"?)`,
			}},
		{name: "flow without task states", flow: "order_pipeline", tc: "CardDeclined",
			want: []string{`orders.yaml:6: Flows.order_pipeline.TestCases.CardDeclined.ChargeCard: test case CardDeclined mocks state "ChargeCard", which is not a task state of flow order_pipeline (it has none)`}},
		{name: "many task states", flow: "order_pipeline", tc: "CardDeclined", states: strings.Fields("a b c d e f g h i j k l"),
			want: []string{`orders.yaml:6: Flows.order_pipeline.TestCases.CardDeclined.ChargeCard: test case CardDeclined mocks state "ChargeCard", which is not a task state of flow order_pipeline (its task states: a, b, c, d, e, f, g, h, i, j and 2 more)`}},
		{name: "flow not mocked, every case", flow: "other", states: nil},
		{name: "flow not mocked, one case", flow: "other", tc: "HappyPath", noCase: true,
			want: []string{`orders.yaml: flow other has no test case "HappyPath": mockfile: no such test case`}},
		{name: "no such case", flow: "order_pipeline", tc: "Sad", noCase: true,
			want: []string{`orders.yaml: flow order_pipeline has no test case "Sad": mockfile: no such test case`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.Check(tt.flow, tt.tc, tt.states)
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Check error:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
			}
			if got := errors.Is(err, mockfile.ErrNoTestCase); got != tt.noCase {
				t.Errorf("errors.Is(err, ErrNoTestCase) = %v, want %v", got, tt.noCase)
			}
			var me *mockfile.Error
			if len(tt.want) > 0 && !tt.noCase && (!errors.As(err, &me) || me.Line < 1 || me.File != "orders.yaml") {
				t.Errorf("Check error = %#v, want a *mockfile.Error with file and line", me)
			}
		})
	}
}

// TestCanonicalGolden writes each testdata/valid file as MarshalJSON does, indented, and
// compares it with testdata/canonical.
func TestCanonicalGolden(t *testing.T) {
	for _, name := range files(t, "valid") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			b, err := json.MarshalIndent(mustParse(t, name), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "canonical", filepath.Base(name)+".json"), append(b, '\n'))
		})
	}
}

// TestDocumentJSON checks that a Document, as encoding/json reads and writes it, parses to
// the same file.
func TestDocumentJSON(t *testing.T) {
	for _, name := range files(t, "valid") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f := mustParse(t, name)
			b, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			var d mockfile.Document
			if err := json.Unmarshal(b, &d); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			again, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, b) {
				t.Errorf("json.Marshal(Document read by json.Unmarshal) =\n%s\nwant\n%s", again, b)
			}
		})
	}
}

func TestRoundTripValid(t *testing.T) {
	for _, name := range files(t, "valid") {
		t.Run(filepath.Base(name), func(t *testing.T) {
			roundTrip(t, mustParse(t, name))
		})
	}
}
