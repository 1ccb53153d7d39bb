package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/flowmock/flowmock"

	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/gen/cloudflow"
)

// serveFunc runs one action: it binds the validated parameters into the action's typed
// request and calls the handler's method for the action.
type serveFunc func(h handler, ctx context.Context, params url.Values) (any, error)

// op makes the serveFunc of a handler method with the generated strict-server signature.
// The typed request is built once, from parameters validation already checked.
func op[Q ~struct{ Params P }, P any, R any](m func(handler, context.Context, Q) (R, error)) serveFunc {
	bind := binderFor[P]()
	return func(h handler, ctx context.Context, params url.Values) (any, error) {
		var p P
		if err := bind(params, &p); err != nil {
			return nil, err
		}
		return m(h, ctx, Q(struct{ Params P }{p}))
	}
}

// actions is the dispatch table: one line per action of the contract (a test checks that the
// two agree, both ways).
func actions() map[string]serveFunc {
	return map[string]serveFunc{
		"CreateFlow":          op(handler.CreateFlow),
		"DescribeFlow":        op(handler.DescribeFlow),
		"UpdateFlow":          op(handler.UpdateFlow),
		"DeleteFlow":          op(handler.DeleteFlow),
		"ListFlows":           op(handler.ListFlows),
		"PublishFlowVersion":  op(handler.PublishFlowVersion),
		"ListFlowVersions":    op(handler.ListFlowVersions),
		"DeleteFlowVersion":   op(handler.DeleteFlowVersion),
		"CreateFlowAlias":     op(handler.CreateFlowAlias),
		"DescribeFlowAlias":   op(handler.DescribeFlowAlias),
		"UpdateFlowAlias":     op(handler.UpdateFlowAlias),
		"DeleteFlowAlias":     op(handler.DeleteFlowAlias),
		"ListFlowAliases":     op(handler.ListFlowAliases),
		"StartExecution":      op(handler.StartExecution),
		"StartSyncExecution":  op(handler.StartSyncExecution),
		"DescribeExecution":   op(handler.DescribeExecution),
		"StopExecution":       op(handler.StopExecution),
		"ListExecutions":      op(handler.ListExecutions),
		"GetExecutionHistory": op(handler.GetExecutionHistory),
		"DescribeMapRun":      op(handler.DescribeMapRun),
		"UpdateMapRun":        op(handler.UpdateMapRun),
		"ReportTaskSucceeded": op(handler.ReportTaskSucceeded),
		"ReportTaskFailed":    op(handler.ReportTaskFailed),
		"CreateSchedule":      op(handler.CreateSchedule),
		"DescribeSchedule":    op(handler.DescribeSchedule),
		"UpdateSchedule":      op(handler.UpdateSchedule),
		"DeleteSchedule":      op(handler.DeleteSchedule),
		"ListSchedules":       op(handler.ListSchedules),
		"DescribeRegions":     op(handler.DescribeRegions),
	}
}

// dispatchTable checks the table against the contract.
func dispatchTable(con *contract.Contract) (map[string]serveFunc, error) {
	t := actions()
	for _, a := range con.Actions() {
		if t[a.Name] == nil {
			return nil, fmt.Errorf("mock: the contract declares action %s but the dispatch table has no handler for it", a.Name)
		}
	}
	for name := range t {
		if _, ok := con.Action(name); !ok {
			return nil, fmt.Errorf("mock: the dispatch table serves %s, which the contract does not declare", name)
		}
	}
	return t, nil
}

var _ cloudflow.StrictServerInterface = handler{}

// serve runs the call's handler and writes what it returns: a 200 with the action's result,
// or the error in the envelope. In strict mode the body is validated first.
func (s *Server) serve(w http.ResponseWriter, c *call) {
	res, err := s.table[c.action.Name](handler{srv: s, call: c}, c.raw.Context(), c.params)
	if err != nil {
		s.writeError(w, c, err)
		return
	}
	r, ok := res.(rendered)
	if !ok {
		body, err := appendJSON(answerBufs.get(bodyCap), res)
		if err != nil {
			s.writeError(w, c, err)
			return
		}
		r = rendered{body: body, requestID: c.requestID, pool: &answerBufs}
	}
	if s.cfg.ValidateResponses {
		h := http.Header{"Content-Type": {ContentType}}
		if err := s.validateResponse(c.action, http.StatusOK, h, r.whole()); err != nil {
			s.log.Error("response outside the contract", "request_id", c.requestID, "action", c.action.Name, "err", err)
			reason, _, _ := strings.Cut(err.Error(), "\n")
			s.writeEnvelope(w, c, http.StatusInternalServerError, string(flowmock.InternalServerError),
				fmt.Sprintf("An internal error has occurred. Please retry. (flowmock produced a 200 %s response outside the contract: %s)", c.action.Name, reason))
			return
		}
	}
	c.status = http.StatusOK
	if c.fault == "" {
		c.response, c.tail = r.body, r.tail // still ours: body goes back to its pool only once written
		s.record(c)                         // before the client can see the answer
	}
	_ = r.write(w)
}

// encodeJSON encodes v as the service does: no HTML escaping, no trailing newline.
func encodeJSON(v any) ([]byte, error) { return appendJSON(nil, v) }

// answerBufs recycles the buffers of the answers serve encodes (a few hundred bytes each, one per
// request); bodyCap is the room a new one gets.
var answerBufs bufferPool

const bodyCap = 1 << 10

// encoders recycles JSON encoders with their buffers.
var encoders = sync.Pool{New: func() any {
	e := &jsonEncoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}}

type jsonEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// appendJSON appends v to dst, encoded as encodeJSON does.
func appendJSON(dst []byte, v any) ([]byte, error) {
	e := encoders.Get().(*jsonEncoder)
	defer func() {
		if e.buf.Cap() <= 64<<10 { // do not keep outsized buffers alive
			encoders.Put(e)
		}
	}()
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return dst, err
	}
	return append(dst, bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))...), nil
}
