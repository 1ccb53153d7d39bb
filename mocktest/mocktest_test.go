package mocktest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowmock/flowmock/cftime"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mocktest"
	"github.com/flowmock/flowmock/scenarios"
)

func status(t *testing.T, c *http.Client, req *http.Request) int {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// TestManyServersManySessions: servers are independent, sessions on one server are isolated,
// all in parallel under -race.
func TestManyServersManySessions(t *testing.T) {
	shared := mocktest.NewServer(t)
	for i := range 8 {
		t.Run(fmt.Sprintf("server%d", i), func(t *testing.T) {
			t.Parallel()
			own := mocktest.NewUnstartedServer(t)
			own.Config.DefaultScenario = "throttle-then-recover"
			own.Start()
			var got []int
			for range 3 {
				got = append(got, status(t, own.Client(), own.NewRequest(context.Background(), "demo_flow", "Limit", "1")))
			}
			if fmt.Sprint(got) != "[429 429 200]" {
				t.Fatalf("own server: %v, want [429 429 200]", got)
			}
		})
		t.Run(fmt.Sprintf("session%d", i), func(t *testing.T) {
			t.Parallel()
			s := shared.Session(t)
			s.SetScenario("throttle-then-recover")
			var got []int
			for range 3 {
				got = append(got, status(t, s.Client(), shared.NewRequest(context.Background(), "demo_flow", "Limit", "1")))
			}
			if fmt.Sprint(got) != "[429 429 200]" {
				t.Fatalf("session %s: %v, want [429 429 200]", s.ID, got)
			}
			if n := s.Count(mock.RecordFilter{}); n != 3 {
				t.Fatalf("session journal has %d records, want 3", n)
			}
		})
	}
}

func TestEndpointAndURL(t *testing.T) {
	srv := mocktest.NewServer(t)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") || "http://"+srv.Endpoint() != srv.URL {
		t.Fatalf("URL %q, Endpoint %q: want http://127.0.0.1:PORT and 127.0.0.1:PORT", srv.URL, srv.Endpoint())
	}
}

func TestUnstartedServerConfig(t *testing.T) {
	srv := mocktest.NewUnstartedServer(t)
	srv.Config.HostID = "test-host"
	srv.Start()
	req := srv.NewRequest(context.Background(), "no_such_flow")
	res, err := srv.API().ListExecutionsWithResponse(context.Background(), &cloudflow.ListExecutionsParams{
		FlowName: "no_such_flow",
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.JSON404 == nil || res.JSON404.HostId != "test-host" {
		t.Fatalf("got %d %s, want 404 with HostId test-host", res.StatusCode(), res.Body)
	}
	_ = req
}

func TestOptions(t *testing.T) {
	started := cftime.Of(mustTime("2024-01-02T03:04:05.678Z"))
	stopped := cftime.Of(mustTime("2024-01-02T03:04:06.000Z"))
	flows := map[string][]cloudflow.Execution{
		"my_flow": {
			{Name: "a", FlowName: "my_flow", Status: cloudflow.ExecutionStatusSucceeded, StartedTime: started, StoppedTime: &stopped},
			{Name: "b", FlowName: "my_flow", Status: cloudflow.ExecutionStatusRunning, StartedTime: started},
		},
	}
	t.Run("fixtures from Go values", func(t *testing.T) {
		srv := mocktest.NewUnstartedServer(t)
		srv.Config.Fixtures = mocktest.Fixtures(t, flows)
		srv.Start()
		res, err := srv.API().ListExecutionsWithResponse(context.Background(), &cloudflow.ListExecutionsParams{
			FlowName: "my_flow",
		})
		if err != nil || res.JSON200 == nil || len(res.JSON200.Executions) != 2 || res.JSON200.Executions[0].Name != "a" {
			t.Fatalf("got %v %s, want executions a, b", err, res.Body)
		}
	})
	t.Run("bad Go values fail the test", func(t *testing.T) {
		bad := map[string][]cloudflow.Execution{"my_flow": {{Name: "r", FlowName: "my_flow", Status: cloudflow.ExecutionStatusRunning, StartedTime: started, StoppedTime: &stopped}}}
		msg := fatalOf(func(tb testing.TB) { mocktest.Fixtures(tb, bad) })
		if !strings.Contains(msg, "StoppedTime") {
			t.Fatalf("fatal = %q, want it to name StoppedTime", msg)
		}
	})
	t.Run("fake", func(t *testing.T) {
		srv := mocktest.NewUnstartedServer(t)
		srv.Config.Data, srv.Config.Seed = "fake", 3
		srv.Start()
		if got := status(t, srv.Client(), srv.NewRequest(context.Background(), "anything_goes")); got != 200 {
			t.Fatalf("fake flow: %d, want 200", got)
		}
	})
	t.Run("scenarios from Go values", func(t *testing.T) {
		sc := &scenarios.Scenario{Name: "teapot-free", Description: "always 412", Rules: []scenarios.Rule{{Name: "all", Response: scenarios.Response{Error: "PreconditionFailed"}}}}
		srv := mocktest.NewUnstartedServer(t)
		srv.Config.Scenarios, srv.Config.DefaultScenario = []*scenarios.Scenario{sc}, "teapot-free"
		srv.Start()
		if got := status(t, srv.Client(), srv.NewRequest(context.Background(), "demo_flow")); got != 412 {
			t.Fatalf("got %d, want 412", got)
		}
	})
	t.Run("a Go scenario with a code outside the contract fails the test", func(t *testing.T) {
		sc := &scenarios.Scenario{Name: "bad-code", Rules: []scenarios.Rule{{Name: "all", Response: scenarios.Response{Error: "NoSuchCode"}}}}
		msg := fatalOf(func(tb testing.TB) {
			srv := mocktest.NewUnstartedServer(tb)
			srv.Config.Scenarios = []*scenarios.Scenario{sc}
			srv.Start()
		})
		if !strings.Contains(msg, "NoSuchCode") {
			t.Fatalf("fatal = %q, want it to name the code", msg)
		}
	})
	t.Run("unknown default scenario fails the test", func(t *testing.T) {
		msg := fatalOf(func(tb testing.TB) {
			srv := mocktest.NewUnstartedServer(tb)
			srv.Config.DefaultScenario = "nope"
			srv.Start()
		})
		if !strings.Contains(msg, `"nope"`) {
			t.Fatalf("fatal = %q, want it to name the scenario", msg)
		}
	})
	t.Run("middleware", func(t *testing.T) {
		seen := 0
		srv := mocktest.NewUnstartedServer(t)
		srv.Middleware = append(srv.Middleware, func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen++; next.ServeHTTP(w, r) })
		})
		srv.Start()
		status(t, srv.Client(), srv.NewRequest(context.Background(), "demo_flow"))
		if seen != 1 {
			t.Fatalf("middleware saw %d requests, want 1", seen)
		}
	})
	t.Run("auth", func(t *testing.T) {
		srv := mocktest.NewUnstartedServer(t)
		srv.Config.Auth, srv.Config.AccessKeyID, srv.Config.AccessKeySecret = "verify", "id", "secret"
		srv.Start()
		if got := status(t, srv.Client(), srv.NewRequest(context.Background(), "demo_flow")); got != 400 {
			t.Fatalf("unsigned with auth: %d, want 400", got)
		}
	})
}

// recordingTB captures Fatal instead of stopping the test.
type recordingTB struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

type fatal struct{}

func (r *recordingTB) Helper()        {}
func (r *recordingTB) Cleanup(func()) {}
func (r *recordingTB) Name() string   { return "recording" }
func (r *recordingTB) Fatal(a ...any) { r.Fatalf("%s", fmt.Sprint(a...)) }
func (r *recordingTB) Fatalf(f string, a ...any) {
	r.mu.Lock()
	r.msg = fmt.Sprintf(f, a...)
	r.mu.Unlock()
	panic(fatal{})
}

func fatalOf(fn func(tb testing.TB)) (msg string) {
	tb := &recordingTB{}
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(fatal); !ok {
				panic(v)
			}
			msg = tb.msg
		}
	}()
	fn(tb)
	return "(no fatal)"
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestSessionState: what a test creates through the API is in its session's state, and only
// there; Reset returns the session to the fixtures.
func TestSessionState(t *testing.T) {
	srv := mocktest.NewServer(t)
	a, b := srv.Session(t), srv.Session(t)
	def := "Type: StateMachine\nSpecVersion: v1\nName: mine\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    End: true\n"
	res, err := a.API().CreateFlowWithResponse(context.Background(), &cloudflow.CreateFlowParams{Name: "mine", Definition: def, Description: "d", Type: cloudflow.FlowTypeFDL})
	if err != nil || res.JSON200 == nil {
		t.Fatalf("CreateFlow: %v %s", err, res.Body)
	}
	if f, err := a.State().Flow("mine"); err != nil || f.Definition != def {
		t.Errorf("a.State().Flow = %+v, %v; want the created flow", f, err)
	}
	if _, err := b.State().Flow("mine"); err == nil {
		t.Errorf("session b sees session a's flow")
	}
	a.Reset()
	if _, err := a.State().Flow("mine"); err == nil {
		t.Errorf("after Reset the flow is still there")
	}
}
