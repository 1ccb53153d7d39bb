package corpus_test

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mocktest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// entry is one published definition and how its test runs it.
type entry struct {
	file  string // under testdata
	input string // the execution input, {} when empty
	// mocked runs the execution under the mock file's test case "Published".
	mocked bool
	want   cloudflow.ExecutionStatus
	skip   string // a known gap: why it cannot run yet
}

// TestCorpus creates each definition and runs it to its documented end; the golden file
// of each holds its status, its output (or error) and the steps its history went through.
func TestCorpus(t *testing.T) {
	srv := mocktest.NewUnstartedServer(t)
	srv.Config.MocksFile = "testdata/mocks.yaml"
	srv.Start()
	for _, e := range entries {
		name := strings.TrimSuffix(filepath.Base(e.file), filepath.Ext(e.file))
		t.Run(name, func(t *testing.T) {
			if e.skip != "" {
				t.Skip("known gap: " + e.skip)
			}
			t.Parallel()
			got := run(t, srv, name, e)
			golden(t, filepath.Join("testdata", "golden", filepath.Dir(e.file), name+".txt"), got)
		})
	}
}

// run creates the flow, runs one execution to its end and describes it.
func run(t *testing.T, srv *mocktest.Server, name string, e entry) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("testdata", e.file))
	if err != nil {
		t.Fatal(err)
	}
	flow := flowName(t, name, string(text))
	s := srv.Session(t)
	if e.mocked {
		s.SetTestCase("Published")
	}
	api, ctx := s.API(), context.Background()
	c, err := api.CreateFlowWithResponse(ctx, &cloudflow.CreateFlowParams{
		Name: flow, Definition: string(text), Description: "corpus", Type: cloudflow.FlowTypeFDL,
	})
	if err != nil {
		t.Fatalf("CreateFlow: %v", err)
	}
	if c.JSON200 == nil {
		t.Fatalf("CreateFlow refused it: %s", c.Body)
	}
	input := e.input
	if input == "" {
		input = "{}"
	}
	exec := "corpus-1"
	st, err := api.StartExecutionWithResponse(ctx, &cloudflow.StartExecutionParams{FlowName: flow, ExecutionName: &exec, Input: &input})
	if err != nil {
		t.Fatalf("StartExecution: %v", err)
	}
	if st.JSON200 == nil {
		t.Fatalf("StartExecution refused it: %s", st.Body)
	}
	wait := int32(60)
	d, err := api.DescribeExecutionWithResponse(ctx, &cloudflow.DescribeExecutionParams{FlowName: flow, ExecutionName: exec, WaitTimeSeconds: &wait})
	if err != nil || d.JSON200 == nil {
		t.Fatalf("DescribeExecution: %v", err)
	}
	events := historyOf(t, api, flow, exec)
	if d.JSON200.Status != e.want {
		t.Errorf("status = %s, want %s; history:\n%s", d.JSON200.Status, e.want, history(events))
	}
	return describe(d.JSON200.Status, d.JSON200.Output, events)
}

// historyOf reads every page of an execution's history.
func historyOf(t *testing.T, api *cloudflow.ClientWithResponses, flow, exec string) []cloudflow.HistoryEvent {
	t.Helper()
	var events []cloudflow.HistoryEvent
	var next *string
	for {
		h, err := api.GetExecutionHistoryWithResponse(context.Background(), &cloudflow.GetExecutionHistoryParams{FlowName: flow, ExecutionName: exec, NextToken: next})
		if err != nil || h.JSON200 == nil {
			t.Fatalf("GetExecutionHistory: %v", err)
		}
		events = append(events, h.JSON200.Events...)
		if next = h.JSON200.NextToken; next == nil || *next == "" {
			return events
		}
	}
}

// flowName is the definition's own Name (new dialect; CreateFlow wants them equal), else name.
func flowName(t *testing.T, name, text string) string {
	def, err := fdl.Parse(text)
	if err != nil {
		t.Fatalf("fdl.Parse: %v", err)
	}
	if def.Name != "" {
		return def.Name
	}
	return name
}

// describe is what the golden file holds: the status, the output or the error, the steps
// the execution went through and how many events it recorded.
func describe(status cloudflow.ExecutionStatus, output *string, events []cloudflow.HistoryEvent) string {
	var b strings.Builder
	fmt.Fprintf(&b, "status: %s\n", status)
	if output != nil && *output != "" {
		fmt.Fprintf(&b, "output: %s\n", *output)
	}
	if n := len(events); n > 0 && events[n-1].EventDetail != nil && status != cloudflow.ExecutionStatusSucceeded {
		fmt.Fprintf(&b, "error: %s\n", *events[n-1].EventDetail)
	}
	// Branches and iterations interleave: the steps are counted, in name order.
	entered := map[string]int{}
	for _, ev := range events {
		if ev.Type == "StepEntered" && ev.StepName != nil {
			entered[*ev.StepName]++
		}
	}
	b.WriteString("steps entered:\n")
	for _, name := range slices.Sorted(maps.Keys(entered)) {
		fmt.Fprintf(&b, "  %s ×%d\n", name, entered[name])
	}
	fmt.Fprintf(&b, "events: %d, last %s\n", len(events), events[len(events)-1].Type)
	return b.String()
}

// history lists the events as "Type Step Detail", for a failure message.
func history(events []cloudflow.HistoryEvent) string {
	var b strings.Builder
	for _, ev := range events {
		step := ""
		if ev.StepName != nil {
			step = *ev.StepName
		}
		fmt.Fprintf(&b, "  %s %s", ev.Type, step)
		if ev.EventDetail != nil {
			fmt.Fprintf(&b, " %s", *ev.EventDetail)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// golden compares got with the file at path, or writes it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update if intended)\n got:\n%s\nwant:\n%s", path, got, want)
	}
}
