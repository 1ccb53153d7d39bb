package mock

import (
	"context"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/internal/jsontext"
	"github.com/flowmock/flowmock/page"
	"github.com/flowmock/flowmock/store"
)

// runPhase marks a ListExecutions position among the executions started in the session
// (the low bits: the greatest Seq still to list); without it a position is an offset into
// the flow's history.
const runPhase = 1 << 31

// listing is one ListExecutions request: the executions started in the session (newest
// first), then the flow's history (fixtures or faked), both filtered.
type listing struct {
	filter    page.Filter
	qualifier string
	mapRun    string // lists the children of this map run (only)
	runs      []*store.Run
	flow      *fixtures.Flow
	flowName  string
	meta      bool
}

// binding is what a page token of l is bound to: the flow, the filters and the map run.
// Only a page with a token to check or to mint needs it.
func (l *listing) binding(s *Server) uint64 {
	return l.filter.Binding(l.flowName) ^ s.emu.Hash("MapRunName", l.mapRun)
}

// ListExecutions selects one page of a flow's executions. Pages stay stable while
// executions start: a token points at a position (a start sequence number, or an offset
// into the history, whose digest it is bound to), never at an offset that new executions
// shift. It returns FlowNotExists, and InvalidArgument for a NextToken minted for other
// filters or over history that changed.
func (h handler) ListExecutions(_ context.Context, req cloudflow.ListExecutionsRequestObject) (cloudflow.ListExecutionsResponseObject, error) {
	p, c := req.Params, h.call
	l := &listing{qualifier: deref(p.Qualifier), mapRun: deref(p.MapRunName), meta: p.MetadataOnly != nil && *p.MetadataOnly}
	var err error
	if c.data != nil {
		l.flow, err = c.data.Flow(c.session, p.FlowName)
	} else if l.flow, err = h.session().Executions(p.FlowName); err == nil {
		l.runs, err = h.session().Runs(p.FlowName)
	}
	if err != nil {
		return nil, err
	}
	l.filter = page.Filter{NamePrefix: deref(p.ExecutionNamePrefix)}
	if p.Status != nil {
		l.filter.Status = string(*p.Status)
	}
	if p.StartedTimeBegin != nil {
		l.filter.Begin = *p.StartedTimeBegin
	}
	if p.StartedTimeEnd != nil {
		l.filter.End = *p.StartedTimeEnd
	}
	l.flowName = p.FlowName
	pos, start := uint32(0), true
	if t := c.token; t != nil {
		if t.Binding != l.binding(h.srv) {
			return nil, flowmock.Errorf(flowmock.InvalidArgument,
				"Parameter error. NextToken: was issued for another flow or other filters (FlowName, Status, StartedTimeBegin, StartedTimeEnd, ExecutionNamePrefix must stay the same across pages); start again without NextToken.")
		}
		if t.Data != uint32(l.flow.Digest) {
			return nil, flowmock.Errorf(flowmock.InvalidArgument,
				"Parameter error. NextToken: is stale: the executions of flow %q changed since it was issued (fixtures reloaded or session reset); start again without NextToken.", p.FlowName)
		}
		pos, start = t.Offset, false
	}
	return h.srv.render(c.requestID, l, pos, start, limitOf(p.Limit)), nil
}

// selection is a page: runs, then history executions, and where the next page starts.
type selection struct {
	runs    []cloudflow.Execution
	history []*fixtures.Execution
	span    []byte // history executions already joined (instead of history)
	closing []byte // span and the page's closing "]}", when span ends the list
	more    bool
	next    uint32
	size    int
}

// pick selects up to limit executions from pos (start: the first page).
func (l *listing) pick(pos uint32, start bool, limit int) selection {
	var sel selection
	offset := int(pos)
	if start || pos&runPhase != 0 {
		maxSeq := uint64(pos &^ runPhase)
		for _, r := range l.runs {
			if !start && r.Seq > maxSeq {
				continue
			}
			v := runView(r)
			if r.MapRun != l.mapRun || (l.qualifier != "" && r.Qualifier != l.qualifier) || !l.filter.Match(string(v.Status), v.StartedTime.Time, v.Name) {
				continue
			}
			if len(sel.runs) == limit {
				sel.more, sel.next = true, runPhase|uint32(r.Seq)
				return sel
			}
			sel.runs = append(sel.runs, v)
			sel.size += 512
		}
		offset = 0
	}
	if l.mapRun != "" {
		return sel // the history has no child executions
	}
	all := l.filter == page.Filter{} // every execution passes: no need to ask each
	if all && l.joined(&sel, offset, limit-len(sel.runs)) {
		return sel
	}
	seen := 0
	if room := limit - len(sel.runs); room > 0 {
		sel.history = make([]*fixtures.Execution, 0, min(room+1, len(l.flow.Executions)))
	}
	for i := range l.flow.Executions {
		e := &l.flow.Executions[i]
		if !all && !l.filter.Match(string(e.Status), e.StartedTime.Time, e.Name) {
			continue
		}
		if seen < offset {
			seen++
			continue
		}
		if len(sel.runs)+len(sel.history) == limit {
			sel.more, sel.next = true, uint32(offset+len(sel.history))
			return sel
		}
		sel.history = append(sel.history, e)
		sel.size += len(e.Full) + 1
	}
	return sel
}

// joined selects up to room history executions from offset when every one passes: one
// slice of the flow's renderings. It returns false for a flow that has none (the caller
// selects one by one).
func (l *listing) joined(sel *selection, offset, room int) bool {
	n := len(l.flow.Executions)
	from := min(offset, n)
	to := from + min(room, n-from)
	span, ok := l.flow.Joined(from, to, l.meta)
	if !ok {
		return false
	}
	sel.span = span
	sel.size += len(span) + 1
	if to < n {
		sel.more, sel.next = true, uint32(to)
	} else {
		sel.closing, _ = l.flow.Closing(from, l.meta)
	}
	return true
}

// render writes {"RequestId":…,"NextToken":…,"Executions":[…]}: history executions from
// their pre-rendered bytes, started ones rendered the same way. A page of history only that
// ends the list (most often the one page a test lists) is its head and, as is, the flow's
// bytes from its first execution to the end (Flow.Closing): no copy of the executions.
func (s *Server) render(requestID string, l *listing, pos uint32, start bool, limit int) rendered {
	sel := l.pick(pos, start, limit)
	var token string
	if sel.more {
		token = s.codec.Encode(page.Token{Offset: sel.next, Binding: l.binding(s), Data: uint32(l.flow.Digest)})
	}
	tail := sel.closing != nil && len(sel.runs) == 0
	size := sel.size
	if tail {
		size = 0 // the executions are not copied
	}
	b := s.bufs.get(size + len(requestID) + len(token) + 64)
	b = append(b, `{"RequestId":`...)
	b = jsontext.AppendString(b, requestID)
	if token != "" {
		b = append(b, `,"NextToken":"`...)
		b = append(b, token...)
		b = append(b, '"')
	}
	b = append(b, `,"Executions":[`...)
	if tail {
		return rendered{body: b, tail: sel.closing, requestID: requestID, pool: &s.bufs}
	}
	n := 0
	for i := range sel.runs {
		if n++; n > 1 {
			b = append(b, ',')
		}
		b = fixtures.AppendExecution(b, &sel.runs[i], !l.meta)
	}
	for _, e := range sel.history {
		if n++; n > 1 {
			b = append(b, ',')
		}
		if l.meta {
			b = append(b, e.Meta...)
		} else {
			b = append(b, e.Full...)
		}
	}
	if len(sel.span) > 0 {
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, sel.span...)
	}
	return rendered{body: append(b, "]}"...), requestID: requestID, pool: &s.bufs}
}
