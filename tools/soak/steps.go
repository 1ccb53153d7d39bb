package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/flowmock/flowmock/gen/control"
)

// vals makes parameters of name, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// answer is the part of an API answer the steps look at.
type answer struct {
	Code, Message, Status, NextToken, Version string
	Flows                                     []struct{ Name string }
	Executions                                []struct{ Name string }
	Events                                    []struct{ Type string }
	FlowVersions                              []struct{ Version string }
	Aliases                                   []struct{ Name string }
	Schedules                                 []struct{ ScheduleName string }

	took time.Duration // from the request to the end of the answer
}

// want is what a step expects: a status (0: 200), an error code, and a check of the answer
// that returns what is wrong, or "".
type want struct {
	status int
	code   string
	check  func(a *answer) string
}

func call(action string, params url.Values, wt want) step {
	return func(w *worker, l *life) error {
		_, _, err := w.api(l, action, params, wt)
		return err
	}
}

func createFlow(name, mode string) step {
	p := vals("Name", name, "Description", "soak flow", "Type", "FDL",
		"Definition", "Type: StateMachine\nSpecVersion: v1\nName: "+name+"\n"+definitions[name])
	if mode != "" {
		p.Set("ExecutionMode", mode)
	}
	return call("CreateFlow", p, want{})
}

func start(flow, name, qualifier string) step {
	p := vals("FlowName", flow, "ExecutionName", name, "Input", `{"soak":true}`)
	if qualifier != "" {
		p.Set("Qualifier", qualifier)
	}
	return call("StartExecution", p, want{})
}

// poll waits for the execution to end with DescribeExecution's long poll: three that waited
// at most. A poll answered Running at once (the server holds as many long polls as
// --max-long-polls-total allows) does not count, up to 100 polls in all.
func poll(flow, name, status string) step {
	const polls, tries = 3, 100
	return func(w *worker, l *life) error {
		waited := 0
		for i := range tries {
			ended := false
			_, _, err := w.api(l, "DescribeExecution", vals("FlowName", flow, "ExecutionName", name, "WaitTimeSeconds", "10"), want{check: func(a *answer) string {
				switch a.Status {
				case "Running", "Starting":
					if a.took >= time.Second {
						waited++
					}
					if i == tries-1 {
						waited = polls
					}
					if waited == polls {
						return fmt.Sprintf("execution %s of %s still %s after %d long polls", name, flow, a.Status, polls)
					}
					return ""
				case status:
				default:
					return fmt.Sprintf("execution %s of %s ended %s, want %s", name, flow, a.Status, status)
				}
				ended = true
				return ""
			}})
			if err != nil || ended || waited == polls {
				return err
			}
		}
		return nil
	}
}

// taskToken finds the callback token of the execution through the control plane, looking
// again for up to 10 s: the execution reaches its task on the server's goroutine.
func taskToken(execution string) step {
	const patience = 10 * time.Second
	return func(w *worker, l *life) error {
		l.token = ""
		for deadline := time.Now().Add(patience); ; {
			last := time.Now().After(deadline)
			_, err := w.ctl(l, ctlTasks, func(ctx context.Context, c *control.Client) (*http.Response, error) {
				return c.ListTasks(ctx, l.session)
			}, func(b []byte) string {
				var tasks []control.Task
				if err := json.Unmarshal(b, &tasks); err != nil {
					return "tasks: " + err.Error()
				}
				for _, t := range tasks {
					if t.Execution == execution {
						l.token = t.Token
						return ""
					}
				}
				if last {
					return fmt.Sprintf("no callback task of execution %s after %s", execution, patience)
				}
				return ""
			})
			if err != nil || l.token != "" || last {
				return err
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// reportTask completes the callback task found last.
func reportTask(ok bool) step {
	return func(w *worker, l *life) error {
		if l.token == "" {
			return nil // counted where it went missing
		}
		if ok {
			return call("ReportTaskSucceeded", vals("TaskToken", l.token, "Output", `{"approved":true}`), want{})(w, l)
		}
		return call("ReportTaskFailed", vals("TaskToken", l.token, "Error", "Soak.Rejected", "Cause", "the soak says no"), want{})(w, l)
	}
}

// listFixtureFlows lists the session's flows before the life creates any: the fixtures.
func listFixtureFlows(w *worker, l *life) error {
	a, k, err := w.api(l, "ListFlows", vals("Limit", "20"), want{})
	if err == nil && k == kindOK && len(a.Flows) > 0 {
		l.fixtureFlow = a.Flows[0].Name
	}
	return err
}

func fixturePage(w *worker, l *life) error {
	if l.fixtureFlow == "" {
		return nil
	}
	a, k, err := w.api(l, "ListExecutions", vals("FlowName", l.fixtureFlow, "Limit", "20"), want{})
	if err == nil && k == kindOK {
		l.nextToken = a.NextToken
		if len(a.Executions) > 0 {
			l.fixtureExec = a.Executions[len(a.Executions)-1].Name
		}
	}
	return err
}

func fixtureNextPage(w *worker, l *life) error {
	if l.nextToken == "" {
		return nil
	}
	return call("ListExecutions", vals("FlowName", l.fixtureFlow, "Limit", "20", "NextToken", l.nextToken), want{})(w, l)
}

func fixtureDescribe(w *worker, l *life) error {
	if l.fixtureExec == "" {
		return nil
	}
	return call("DescribeExecution", vals("FlowName", l.fixtureFlow, "ExecutionName", l.fixtureExec), want{})(w, l)
}

func reset(w *worker, l *life) error {
	_, err := w.ctl(l, ctlReset, func(ctx context.Context, c *control.Client) (*http.Response, error) {
		return c.ResetSession(ctx, l.session)
	}, nil)
	return err
}

func sessionExecutions(name string) step {
	return func(w *worker, l *life) error {
		_, err := w.ctl(l, ctlExecutions, func(ctx context.Context, c *control.Client) (*http.Response, error) {
			return c.ListSessionExecutions(ctx, l.session)
		}, func(b []byte) string {
			var runs []control.RunInfo
			if err := json.Unmarshal(b, &runs); err != nil {
				return "executions: " + err.Error()
			}
			for _, r := range runs {
				if r.Name == name {
					return ""
				}
			}
			return fmt.Sprintf("execution %s missing from the session's executions", name)
		})
		return err
	}
}

func journalCount(w *worker, l *life) error {
	_, err := w.ctl(l, ctlCount, func(ctx context.Context, c *control.Client) (*http.Response, error) {
		return c.CountRequests(ctx, &control.CountRequestsParams{Session: &l.session})
	}, func(b []byte) string {
		var c struct{ Count *int }
		if err := json.Unmarshal(b, &c); err != nil || c.Count == nil {
			return fmt.Sprintf("count: want {\"count\":N}, got %.100s", b)
		}
		return ""
	})
	return err
}

// Checks of answers.

func field(name, value string) func(*answer) string {
	return func(a *answer) string {
		var got string
		switch name {
		case "Version":
			got = a.Version
		case "Status":
			got = a.Status
		}
		if got != value {
			return fmt.Sprintf("%s %q, want %q", name, got, value)
		}
		return ""
	}
}

func count(list string, n int) func(*answer) string {
	return func(a *answer) string {
		got := -1
		switch list {
		case "FlowVersions":
			got = len(a.FlowVersions)
		case "Aliases":
			got = len(a.Aliases)
		}
		if got != n {
			return fmt.Sprintf("%d %s, want %d", got, list, n)
		}
		return ""
	}
}

func has(list, name string) func(*answer) string {
	return func(a *answer) string {
		var names []string
		switch list {
		case "Flows":
			for _, f := range a.Flows {
				names = append(names, f.Name)
			}
		case "Executions":
			for _, e := range a.Executions {
				names = append(names, e.Name)
			}
		case "Schedules":
			for _, s := range a.Schedules {
				names = append(names, s.ScheduleName)
			}
		}
		if !slices.Contains(names, name) {
			return fmt.Sprintf("%s has no %s (has %s)", list, name, strings.Join(names, ", "))
		}
		return ""
	}
}

func lastEvent(typ string) func(*answer) string {
	return func(a *answer) string {
		if len(a.Events) == 0 || a.Events[len(a.Events)-1].Type != typ {
			return fmt.Sprintf("history of %d events does not end with %s", len(a.Events), typ)
		}
		return ""
	}
}

// Sending.
