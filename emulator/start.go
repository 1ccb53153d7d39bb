package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/store"
)

// StartRequest is a start of an execution, as the caller resolved it.
type StartRequest struct {
	Session *store.Session
	Flow    string
	// Name names the execution; "" mints one from the seed, the session, the flow and RequestID.
	Name  string
	Input string // a JSON object, or ""
	// Qualifier is a version number or an alias ("" for the flow's definition).
	Qualifier string
	// TestCase is the mock file's test case in force ("" for none), and TestCaseFrom where it
	// came from, for messages (a header's name, "the session's test case").
	TestCase, TestCaseFrom string
	// RequestID is the request's ID: it rolls aliases and mints names.
	RequestID string
	// Fired is a scheduled start's StartedTime; zero means now.
	Fired time.Time
}

// prepared is what starting an execution needs, checked.
type prepared struct {
	flow store.Flow
	src  source // the definition the execution runs (of the version or alias)
	kase *mockfile.Case
}

// source is a definition as stored: its text (for the API) and its parse (to run).
type source struct {
	text string
	def  *fdl.Definition
	err  error // why it does not parse (def nil)
}

// Start starts (or, idempotently, finds) an execution of a Standard flow.
func (e *Emulator) Start(r StartRequest) (*store.Run, error) {
	prep, err := e.prepare(r)
	if err != nil {
		return nil, err
	}
	if prep.flow.ExecutionMode == "Express" {
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. FlowName: flow %s runs in Express mode; start it with StartSyncExecution.", r.Flow)
	}
	if r.Name == "" {
		r.Name = e.Mint("exec", r.Session.ID(), r.Flow, r.RequestID)
	}
	params := e.params(r, prep) // before Start: the session's lock is held in its callback
	run, _, err := r.Session.Start(r.Flow, r.Name, r.Input, func(store.Flow) (*store.Run, error) {
		ex := interp.Start(e.ctx, params)
		return &store.Run{Flow: r.Flow, Name: r.Name, Definition: prep.src.text, Parsed: prep.src.def,
			Qualifier: r.Qualifier, TestCase: caseName(prep.kase), Exec: ex}, nil
	})
	return run, err
}

// SyncResult is an Express execution run to its end.
type SyncResult struct {
	Name string
	// Standard is true when the flow is not an Express one: nothing ran.
	Standard bool
	Snapshot interp.Snapshot
}

// RunSync runs an execution of an Express flow to its end (or ctx's).
func (e *Emulator) RunSync(ctx context.Context, r StartRequest) (SyncResult, error) {
	session := r.Session.ID()
	if r.Name == "" {
		r.Name = e.Mint("sync", session, r.Flow)
	}
	r.Name += ":" + e.Mint("uuid", session, r.Flow, r.Name)
	out := SyncResult{Name: r.Name}
	prep, err := e.prepare(r)
	if err != nil {
		return out, err
	}
	if prep.flow.ExecutionMode != "Express" {
		out.Standard = true
		return out, nil
	}
	params := e.params(r, prep)
	err = r.Session.RunSync(func() { out.Snapshot = interp.Run(ctx, params) })
	return out, err
}

// prepare checks a start: the flow, the input (a JSON object), the qualifier (a version, or
// an alias routed by its weights) and the test case in force.
func (e *Emulator) prepare(r StartRequest) (prepared, error) {
	f, err := r.Session.Flow(r.Flow)
	if err != nil {
		return prepared{}, err
	}
	p := prepared{flow: f, src: source{f.Definition, f.Parsed, f.ParseErr}}
	if r.Input != "" && !IsObject(r.Input) {
		return p, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. Input: must be a JSON object, got %s.", Quote(r.Input))
	}
	if r.Qualifier != "" {
		if p.src, err = e.qualified(r); err != nil {
			return p, err
		}
	}
	if p.src.def == nil {
		return p, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. FlowName: the definition of flow %s cannot run: %v.", r.Flow, p.src.err)
	}
	p.kase, err = e.testCase(r, p.src.def)
	return p, err
}

// qualified is the definition a Qualifier names: a version number, or an alias (one of its
// versions, chosen by weight from the seed, the session and the request).
func (e *Emulator) qualified(r StartRequest) (source, error) {
	ss, flow, q := r.Session, r.Flow, r.Qualifier
	if _, err := strconv.Atoi(q); err == nil {
		return version(ss.Version(flow, q))
	}
	a, err := ss.Alias(flow, q)
	if err != nil {
		return source{}, err
	}
	roll := int(e.Hash("alias", ss.ID(), flow, q, r.RequestID) % 100)
	for _, rt := range a.Routes {
		if roll < rt.Weight {
			return version(ss.Version(flow, rt.Version))
		}
		roll -= rt.Weight
	}
	return version(ss.Version(flow, a.Routes[len(a.Routes)-1].Version))
}

func version(v store.Version, err error) (source, error) {
	return source{v.Definition, v.Parsed, v.ParseErr}, err
}

// testCase is the test case in force for a start. A case the mock file does not have, or
// one naming a state the flow lacks, is InvalidArgument: nothing a user chose is ignored.
func (e *Emulator) testCase(r StartRequest, def *fdl.Definition) (*mockfile.Case, error) {
	name, from, flow := r.TestCase, r.TestCaseFrom, r.Flow
	if name == "" {
		return nil, nil
	}
	mf := e.mocks.Load()
	if mf == nil {
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. %s: test case %q, but no mock file is loaded (start the mock with --mocks FILE).", from, name)
	}
	k, ok := mf.Case(flow, name)
	if !ok {
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. %s: the mock file has no test case %q for flow %s.", from, name, flow)
	}
	if err := mf.Check(flow, name, def.TaskStates()); err != nil {
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. %s: %v.", from, err)
	}
	return k, nil
}

// params are the interpreter's parameters for an execution of r.
func (e *Emulator) params(r StartRequest, p prepared) interp.Params {
	ss := r.Session
	clk := ss.Clock()
	m := &minter{e: e, session: ss.ID(), flow: p.flow.Name, exec: r.Name}
	return interp.Params{
		Flow: p.flow.Name, Name: r.Name, Definition: p.src.def, Input: r.Input, Clock: clk, Started: r.Fired,
		Tasks:  &runner{ss: ss, clock: clk, kase: p.kase, unmocked: e.cfg.Unmocked},
		Tokens: m.token,
		Random: m.draw,
		MapRuns: &mapRuns{ss: ss, definition: p.src.text, parsed: p.src.def, qualifier: r.Qualifier,
			testCase: caseName(p.kase)},
	}
}

func caseName(k *mockfile.Case) string {
	if k == nil {
		return ""
	}
	return k.Name
}

// IsObject reports whether s is a JSON object.
func IsObject(s string) bool {
	return strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "{") && json.Valid([]byte(s))
}

// Quote quotes v for a message, shortened past 80 characters.
func Quote(v string) string {
	const max = 80
	if utf8.RuneCountInString(v) > max {
		r := []rune(v)
		return strconv.Quote(string(r[:max])) + fmt.Sprintf(" (%d characters, shortened)", len(r))
	}
	return strconv.Quote(v)
}
