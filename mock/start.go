package mock

import (
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
	"strconv"
	"sync/atomic"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fdl"
	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/store"
)

// HeaderTestCase chooses the mock file's test case for the executions a request starts.
const HeaderTestCase = "X-Mock-Test-Case"

// prepared is what starting an execution needs, checked.
type prepared struct {
	flow      store.Flow
	src       source // the definition the execution runs (of the version or alias)
	qualifier string
	input     string
	kase      *mockfile.Case
}

// source is a definition as stored: its text (for the API) and its parse (to run).
type source struct {
	text string
	def  *fdl.Definition
	err  error // why it does not parse (def nil)
}

// prepare checks a start: the flow, the input (a JSON object), the qualifier (a version, or
// an alias routed by its weights) and the test case in force.
func (h handler) prepare(flow, input, qualifier string) (prepared, error) {
	ss := h.session()
	f, err := ss.Flow(flow)
	if err != nil {
		return prepared{}, err
	}
	p := prepared{flow: f, src: source{f.Definition, f.Parsed, f.ParseErr}, qualifier: qualifier, input: input}
	if input != "" && !isObject(input) {
		return p, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. Input: must be a JSON object, got %s.", quote(input))
	}
	if qualifier != "" {
		if p.src, err = h.qualified(ss, flow, qualifier); err != nil {
			return p, err
		}
	}
	if p.src.def == nil {
		return p, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. FlowName: the definition of flow %s cannot run: %v.", flow, p.src.err)
	}
	p.kase, err = h.testCase(flow, p.src.def)
	return p, err
}

// qualified is the definition a Qualifier names: a version number, or an alias (one of its
// versions, chosen by weight from the seed, the session and the request).
func (h handler) qualified(ss *store.Session, flow, q string) (source, error) {
	if _, err := strconv.Atoi(q); err == nil {
		return version(ss.Version(flow, q))
	}
	a, err := ss.Alias(flow, q)
	if err != nil {
		return source{}, err
	}
	roll := int(h.srv.hash("alias", h.call.session, flow, q, h.call.requestID) % 100)
	for _, r := range a.Routes {
		if roll < r.Weight {
			return version(ss.Version(flow, r.Version))
		}
		roll -= r.Weight
	}
	return version(ss.Version(flow, a.Routes[len(a.Routes)-1].Version))
}

func version(v store.Version, err error) (source, error) {
	return source{v.Definition, v.Parsed, v.ParseErr}, err
}

// testCase is the test case in force for a start: the request's X-Mock-Test-Case, else the
// session's. A case the mock file does not have, or one naming a state the flow lacks, is
// InvalidArgument: nothing a user chose is ignored.
func (h handler) testCase(flow string, def *fdl.Definition) (*mockfile.Case, error) {
	name := h.call.raw.Header.Get(HeaderTestCase)
	from := HeaderTestCase
	if name == "" {
		name, from = h.srv.TestCase(h.call.session), "the session's test case"
	}
	if name == "" {
		return nil, nil
	}
	mf := h.srv.mocks.Load()
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

// start starts (or, idempotently, finds) an execution of a Standard flow.
func (h handler) start(flow, name, input, qualifier string, sync bool) (*store.Run, error) {
	prep, err := h.prepare(flow, input, qualifier)
	if err != nil {
		return nil, err
	}
	if prep.flow.ExecutionMode == "Express" {
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. FlowName: flow %s runs in Express mode; start it with StartSyncExecution.", flow)
	}
	if name == "" {
		name = h.srv.mint("exec", h.call.session, flow, h.call.requestID)
	}
	params := h.params(prep, name) // before Start: the session's lock is held in its callback
	run, _, err := h.session().Start(flow, name, input, func(store.Flow) (*store.Run, error) {
		ex := interp.Start(h.srv.ctx, params)
		return &store.Run{Flow: flow, Name: name, Definition: prep.src.text, Parsed: prep.src.def, Qualifier: qualifier, TestCase: caseName(prep.kase), Exec: ex}, nil
	})
	return run, err
}

// params are the interpreter's parameters for an execution named name.
func (h handler) params(p prepared, name string) interp.Params {
	ss := h.session()
	clk := ss.Clock()
	return interp.Params{
		Flow: p.flow.Name, Name: name, Definition: p.src.def, Input: p.input, Clock: clk, Started: h.call.fired,
		Tasks:   &runner{ss: ss, clock: clk, kase: p.kase, unmocked: h.srv.cfg.UnmockedTasks},
		Tokens:  h.srv.tokens(h.call.session, p.flow.Name, name),
		Random:  h.srv.random(h.call.session, p.flow.Name, name),
		MapRuns: &mapRuns{ss: ss, definition: p.src.text, parsed: p.src.def, qualifier: p.qualifier, testCase: caseName(p.kase)},
	}
}

func caseName(k *mockfile.Case) string {
	if k == nil {
		return ""
	}
	return k.Name
}

// hash is a deterministic 64-bit hash of the seed and parts.
func (s *Server) hash(parts ...string) uint64 {
	h := fnv.New64a()
	var seed [8]byte
	binary.LittleEndian.PutUint64(seed[:], s.cfg.Seed)
	h.Write(seed[:])
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// mint is a name minted from the seed and parts: 32 hex digits, deterministic.
func (s *Server) mint(parts ...string) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], s.hash(parts...))
	binary.BigEndian.PutUint64(b[8:], mix(s.hash(append(parts, "2")...), 1))
	return hex.EncodeToString(b[:])
}

// tokens mints the task tokens of an execution: deterministic per seed and execution.
func (s *Server) tokens(session, flow, exec string) func() string {
	var n atomic.Int64 // parallel branches mint at once
	return func() string {
		return s.mint("token", session, flow, exec, strconv.FormatInt(n.Add(1), 10))
	}
}

// random is the random source of an execution's built-in functions (uuid, randomInt):
// deterministic per seed and execution.
func (s *Server) random(session, flow, exec string) func() uint64 {
	var n atomic.Int64 // parallel branches draw at once
	return func() uint64 {
		return s.hash("random", session, flow, exec, strconv.FormatInt(n.Add(1), 10))
	}
}
