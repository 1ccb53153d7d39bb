package mock_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
)

// client is the generated client on the harness, in session (X-Mock-Session).
func (h *harness) client(session string) *cloudflow.ClientWithResponses {
	h.t.Helper()
	con, err := contract.Load()
	if err != nil {
		h.t.Fatal(err)
	}
	c, err := cloudflow.NewClientWithResponses(h.ts.URL, cloudflow.WithHTTPClient(h.ts.Client()),
		cloudflow.WithRequestEditorFn(con.WireRequest),
		cloudflow.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set(mock.HeaderSession, session)
			return nil
		}))
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// createFlow creates a one-state flow and fails the test unless it answers 200.
func createFlow(t testing.TB, c *cloudflow.ClientWithResponses, name string) *cloudflow.CreateFlowResult {
	t.Helper()
	res, err := c.CreateFlowWithResponse(context.Background(), &cloudflow.CreateFlowParams{
		Name: name, Definition: helloDefinition(name), Description: "test flow", Type: cloudflow.FlowTypeFDL,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.JSON200 == nil {
		t.Fatalf("CreateFlow %s: status %d %s, want 200", name, res.StatusCode(), res.Body)
	}
	return (*cloudflow.CreateFlowResult)(res.JSON200)
}

// listFlows pages ListFlows to the end with limit and returns the names in order.
func listFlows(t testing.TB, c *cloudflow.ClientWithResponses, limit int32) []string {
	t.Helper()
	var names []string
	var token *string
	for range 10000 {
		res, err := c.ListFlowsWithResponse(context.Background(), &cloudflow.ListFlowsParams{Limit: &limit, NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		if res.JSON200 == nil {
			t.Fatalf("ListFlows: status %d %s", res.StatusCode(), res.Body)
		}
		for _, f := range res.JSON200.Flows {
			names = append(names, f.Name)
		}
		if token = res.JSON200.NextToken; token == nil {
			return names
		}
	}
	t.Fatal("ListFlows never reached its last page")
	return nil
}

func TestFlowLifecycle(t *testing.T) {
	h := newHarness(t, mock.Config{})
	c := h.client("lifecycle")
	ctx := context.Background()
	fixtureFlows := listFlows(t, c, 1000)

	created := createFlow(t, c, "orders")
	if created.Name != "orders" || created.Id == "" || created.Type != cloudflow.FlowTypeFDL || *created.ExecutionMode != "Standard" {
		t.Errorf("CreateFlow = %+v, want orders, an Id, FDL, Standard", created)
	}

	d, err := c.DescribeFlowWithResponse(ctx, &cloudflow.DescribeFlowParams{Name: "orders"})
	if err != nil || d.JSON200 == nil {
		t.Fatalf("DescribeFlow: %v %s", err, d.Body)
	}
	if d.JSON200.Definition != helloDefinition("orders") || d.JSON200.Id != created.Id {
		t.Errorf("DescribeFlow = %+v, want the created flow", d.JSON200)
	}

	for _, limit := range []int32{1, 2, 1000} {
		got := listFlows(t, c, limit)
		if want := append(append([]string(nil), fixtureFlows...), "orders"); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Limit %d: ListFlows = %v, want %v", limit, got, want)
		}
	}

	desc, loc := "changed", "oss://bucket/orders"
	u, err := c.UpdateFlowWithResponse(ctx, &cloudflow.UpdateFlowParams{Name: "orders", Description: &desc, ExternalStorageLocation: &loc})
	if err != nil || u.JSON200 == nil {
		t.Fatalf("UpdateFlow: %v %s", err, u.Body)
	}
	if *u.JSON200.Description != "changed" || u.JSON200.Definition != helloDefinition("orders") || deref(u.JSON200.ExternalStorageLocation) != loc {
		t.Errorf("UpdateFlow = %+v, want the new description and the old definition", u.JSON200)
	}

	del, err := c.DeleteFlowWithResponse(ctx, &cloudflow.DeleteFlowParams{Name: "orders"})
	if err != nil || del.JSON200 == nil {
		t.Fatalf("DeleteFlow: %v %s", err, del.Body)
	}
	d, err = c.DescribeFlowWithResponse(ctx, &cloudflow.DescribeFlowParams{Name: "orders"})
	if err != nil {
		t.Fatal(err)
	}
	if d.JSON404 == nil || d.JSON404.Code != "FlowNotExists" || d.JSON404.Message != "Flow orders does not exist." {
		t.Errorf("DescribeFlow after delete: status %d %s, want 404 FlowNotExists", d.StatusCode(), d.Body)
	}
}

func TestResourceErrors(t *testing.T) {
	h := newHarness(t, mock.Config{})
	h.action("CreateFlow", url.Values{"Name": {"dup"}, "Definition": {helloDefinition("dup")}, "Description": {"d"}, "Type": {"FDL"}}, mock.HeaderSession, "errors")
	h.action("CreateSchedule", url.Values{"FlowName": {"dup"}, "ScheduleName": {"s1"}, "CronExpression": {"0 0 * * * *"}}, mock.HeaderSession, "errors")
	tests := []struct {
		name, action string
		params       url.Values
		status       int
		code, msg    string
	}{
		{"flow exists", "CreateFlow", url.Values{"Name": {"dup"}, "Definition": {helloDefinition("dup")}, "Description": {"d"}, "Type": {"FDL"}}, 409, "FlowAlreadyExists", "Flow dup already exists."},
		{"definition names another flow", "CreateFlow", url.Values{"Name": {"other"}, "Definition": {helloDefinition("dup")}, "Description": {"d"}, "Type": {"FDL"}}, 400, "InvalidArgument", `Parameter error. Definition: field Name: the definition is named "dup" but the flow is "other"; they must be the same.`},
		{"bad definition", "CreateFlow", url.Values{"Name": {"bad"}, "Definition": {"Type: StateMachine\nName: bad\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    Next: B\n"}, "Description": {"d"}, "Type": {"FDL"}}, 400, "InvalidArgument", ""},
		{"unknown function", "CreateFlow", url.Values{"Name": {"fn"}, "Definition": {"Type: StateMachine\nName: fn\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    OutputConstructor:\n      id.$: uuidv4()\n    End: true\n"}, "Description": {"d"}, "Type": {"FDL"}}, 400, "InvalidArgument", ""},
		{"built-in function wrong type", "CreateFlow", url.Values{"Name": {"fn"}, "Definition": {"Type: StateMachine\nName: fn\nStartAt: A\nStates:\n  - Type: Pass\n    Name: A\n    InputConstructor:\n      n.$: fromBase64(42)\n    End: true\n"}, "Description": {"d"}, "Type": {"FDL"}}, 400, "InvalidArgument", ""},
		{"describe missing flow", "DescribeFlow", url.Values{"Name": {"nope"}}, 404, "FlowNotExists", "Flow nope does not exist."},
		{"update missing flow", "UpdateFlow", url.Values{"Name": {"nope"}}, 404, "FlowNotExists", "Flow nope does not exist."},
		{"delete missing flow", "DeleteFlow", url.Values{"Name": {"nope"}}, 404, "FlowNotExists", "Flow nope does not exist."},
		{"schedule exists", "CreateSchedule", url.Values{"FlowName": {"dup"}, "ScheduleName": {"s1"}, "CronExpression": {"0 0 * * * *"}}, 409, "ScheduleAlreadyExists", "The schedule s1 already exists in flow dup."},
		{"schedule missing", "DescribeSchedule", url.Values{"FlowName": {"dup"}, "ScheduleName": {"s2"}}, 404, "ScheduleNotExists", "The schedule s2 for flow dup does not exist."},
		{"schedule of missing flow", "ListSchedules", url.Values{"FlowName": {"nope"}}, 404, "FlowNotExists", "Flow nope does not exist."},
		{"five-field cron", "CreateSchedule", url.Values{"FlowName": {"dup"}, "ScheduleName": {"s3"}, "CronExpression": {"0 * * * *"}}, 400, "InvalidArgument", ""},
		{"weights not 100", "CreateFlowAlias", url.Values{"FlowName": {"dup"}, "Name": {"a"}, "RoutingConfigurations": {`[{"Version":"1","Weight":90}]`}}, 400, "InvalidArgument", ""},
		{"routing not JSON", "CreateFlowAlias", url.Values{"FlowName": {"dup"}, "Name": {"a"}, "RoutingConfigurations": {`weights`}}, 400, "InvalidArgument", ""},
		{"environment wrong shape", "CreateFlow", url.Values{"Name": {"env"}, "Definition": {helloDefinition("env")}, "Description": {"d"}, "Type": {"FDL"}, "Environment": {`{"Variables":[{"Value":"x"}]}`}}, 400, "InvalidArgument", ""},
		{"versions limit zero", "ListFlowVersions", url.Values{"FlowName": {"dup"}, "Limit": {"0"}}, 400, "InvalidArgument", `Parameter error. Limit: must be an integer from 1 to 1000, got "0".`},
		{"flow name pattern", "DescribeFlow", url.Values{"Name": {"9lives"}}, 400, "InvalidArgument", ""},
		{"missing name", "DeleteFlow", url.Values{}, 400, "MissingRequiredParams", "The HTTP query 'Name' must be specified."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.action(tt.action, tt.params, mock.HeaderSession, "errors")
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tt.status, r.body)
			}
			e := decodeError(t, r)
			if e.Code != tt.code || (tt.msg != "" && e.Message != tt.msg) {
				t.Fatalf("got %s %q, want %s %q", e.Code, e.Message, tt.code, tt.msg)
			}
			e.RequestId = "X"
			golden(t, "testdata/resources/"+tt.action+"-"+slug(tt.name)+".golden", []byte(fmt.Sprintf("%d %s\n%s\n", r.status, e.Code, e.Message)))
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func slug(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == ' ' {
			b[i] = '-'
		}
	}
	return string(b)
}

// TestListFlowsStableWhileCreating: a client paging ListFlows sees every flow that existed
// when it started exactly once while another goroutine creates flows in the same session.
func TestListFlowsStableWhileCreating(t *testing.T) {
	h := newHarness(t, mock.Config{})
	c := h.client("stable")
	for i := range 20 {
		createFlow(t, c, fmt.Sprintf("before_%02d", i))
	}
	before := listFlows(t, c, 1000)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			createFlow(t, c, fmt.Sprintf("during_%04d", i))
		}
	}()
	got := listFlows(t, c, 3)
	close(stop)
	<-done
	seen := map[string]int{}
	for _, n := range got {
		seen[n]++
	}
	for _, n := range before {
		if seen[n] != 1 {
			t.Errorf("%s seen %d times, want once", n, seen[n])
		}
	}
	for n, k := range seen {
		if k != 1 {
			t.Errorf("%s seen %d times, want at most once", n, k)
		}
	}
}

// TestSessionsIsolated: 64 sessions in parallel create, list and delete their own flows;
// each sees only its own, and a reset returns a session to the fixtures.
func TestSessionsIsolated(t *testing.T) {
	h := newHarness(t, mock.Config{})
	fixtureFlows := fmt.Sprint(listFlows(t, h.client("probe"), 1000))
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			session := fmt.Sprintf("s%02d", g)
			c := h.client(session)
			for i := range 5 {
				createFlow(t, c, fmt.Sprintf("f_%s_%d", session, i))
			}
			got := listFlows(t, c, 4)
			own := 0
			for _, n := range got {
				if len(n) > 2 && n[:2] == "f_" {
					if n[2:5] != session {
						t.Errorf("session %s sees %s", session, n)
					}
					own++
				}
			}
			if own != 5 {
				t.Errorf("session %s sees %d own flows, want 5", session, own)
			}
			if _, err := c.DeleteFlowWithResponse(context.Background(), &cloudflow.DeleteFlowParams{Name: fmt.Sprintf("f_%s_0", session)}); err != nil {
				t.Error(err)
			}
			h.srv.Reset(session)
			if after := fmt.Sprint(listFlows(t, c, 1000)); after != fixtureFlows {
				t.Errorf("session %s after reset lists %s, want the fixtures %s", session, after, fixtureFlows)
			}
		})
	}
	wg.Wait()
}
