package mock

import (
	"context"
	"net/http"
	"strconv"
	"sync"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/page"
)

// handler serves one call: it implements the generated strict server interface, one method
// per action. Validation has already run, so the parameters are well formed. A handler is a
// value per call: it carries the server and the call explicitly.
type handler struct {
	srv  *Server
	call *call
}

const defaultLimit = 60

// ListExecutions selects one page of a flow's executions and returns it pre-rendered. It
// returns FlowNotExists for an unknown flow and InvalidArgument for a NextToken minted for
// other filters or over data that changed.
func (h handler) ListExecutions(_ context.Context, req cloudflow.ListExecutionsRequestObject) (cloudflow.ListExecutionsResponseObject, error) {
	p, c := req.Params, h.call
	var flow *fixtures.Flow
	var err error
	if c.data != nil {
		flow, err = c.data.Flow(c.session, p.FlowName)
	} else {
		flow, err = h.session().Executions(p.FlowName)
	}
	if err != nil {
		return nil, err
	}
	f := page.Filter{NamePrefix: deref(p.ExecutionNamePrefix)}
	if p.Status != nil {
		f.Status = string(*p.Status)
	}
	if p.StartedTimeBegin != nil {
		f.Begin = *p.StartedTimeBegin
	}
	if p.StartedTimeEnd != nil {
		f.End = *p.StartedTimeEnd
	}
	binding := f.Binding(p.FlowName)
	limit := defaultLimit
	if p.Limit != nil {
		limit = int(*p.Limit)
	}
	offset := 0
	if t := c.token; t != nil {
		if t.Binding != binding {
			return nil, flowmock.Errorf(flowmock.InvalidArgument,
				"Parameter error. NextToken: was issued for another flow or other filters (FlowName, Status, StartedTimeBegin, StartedTimeEnd, ExecutionNamePrefix must stay the same across pages); start again without NextToken.")
		}
		if t.Data != uint32(flow.Digest) {
			return nil, flowmock.Errorf(flowmock.InvalidArgument,
				"Parameter error. NextToken: is stale: the executions of flow %q changed since it was issued (fixtures reloaded or session reset); start again without NextToken.", p.FlowName)
		}
		offset = int(t.Offset)
	}
	meta := p.MetadataOnly != nil && *p.MetadataOnly
	body := h.srv.render(c.requestID, &f, binding, flow, offset, limit, meta)
	return rendered{body: body, requestID: c.requestID, pool: &h.srv.bufs}, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// render writes {"RequestId":…,"NextToken":…,"Executions":[…]} from the executions'
// pre-rendered bytes.
func (s *Server) render(requestID string, f *page.Filter, binding uint64, flow *fixtures.Flow, offset, limit int, meta bool) []byte {
	all := flow.Executions
	// Pick the page: skip offset matches, take limit, then look for one more.
	items := make([]*fixtures.Execution, 0, limit)
	size := 0
	seen := 0
	more := false
	for i := range all {
		e := &all[i]
		if !f.Match(string(e.Status), e.StartedTime.Time, e.Name) {
			continue
		}
		if seen < offset {
			seen++
			continue
		}
		if len(items) == limit {
			more = true
			break
		}
		items = append(items, e)
		if meta {
			size += len(e.Meta) + 1
		} else {
			size += len(e.Full) + 1
		}
	}
	var token string
	if more {
		token = s.codec.Encode(page.Token{Offset: uint32(offset + limit), Binding: binding, Data: uint32(flow.Digest)})
	}
	b := s.bufs.get(size + len(requestID) + len(token) + 64)
	b = append(b, `{"RequestId":`...)
	b = appendJSONString(b, requestID)
	if token != "" {
		b = append(b, `,"NextToken":"`...)
		b = append(b, token...)
		b = append(b, '"')
	}
	b = append(b, `,"Executions":[`...)
	for i, e := range items {
		if i > 0 {
			b = append(b, ',')
		}
		if meta {
			b = append(b, e.Meta...)
		} else {
			b = append(b, e.Full...)
		}
	}
	return append(b, "]}"...)
}

// contentType is the Content-Type header value of every response.
var contentType = []string{ContentType}

// rendered is a 200 body already rendered, written as is. It satisfies the generated
// response interface of every action, so any handler may return one.
type rendered struct {
	body      []byte
	requestID string
	pool      *bufferPool // body goes back here once written; nil for none
}

// VisitListExecutionsResponse writes the body as a 200.
func (r rendered) VisitListExecutionsResponse(w http.ResponseWriter) error {
	h := w.Header()
	h["Content-Type"] = contentType // shared: net/http only reads it
	h.Set(HeaderRequestID, r.requestID)
	// A known length lets net/http send the body as is, not in chunks.
	h["Content-Length"] = []string{strconv.Itoa(len(r.body))}
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(r.body)
	if r.pool != nil {
		r.pool.put(r.body) // http.ResponseWriter.Write does not retain the slice
	}
	return err
}

// bufferPool recycles page buffers: a 60-execution page is tens of kilobytes, and allocating
// it per request makes the garbage collector the hot path's main cost.
type bufferPool struct{ p sync.Pool }

func (bp *bufferPool) get(n int) []byte {
	if v, ok := bp.p.Get().(*[]byte); ok && cap(*v) >= n {
		return (*v)[:0]
	}
	return make([]byte, 0, n)
}

func (bp *bufferPool) put(b []byte) {
	if cap(b) > 4<<20 { // do not keep outsized buffers alive
		return
	}
	b = b[:0]
	bp.p.Put(&b)
}
