package mock

import (
	"context"
	"net/http"
	"sync"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/page"
)

// handler implements the generated strict server interface. Validation has already run, so
// the parameters are well formed; it selects a page and returns pre-rendered bytes.
type handler struct{ s *Server }

var _ cloudflow.StrictServerInterface = handler{}

const defaultLimit = 60

// ListExecutions serves GET /?Action=ListExecutions. It returns a *flowmock.Error with
// FlowNotExists for an unknown flow and InvalidArgument for a stale NextToken.
func (h handler) ListExecutions(ctx context.Context, req cloudflow.ListExecutionsRequestObject) (cloudflow.ListExecutionsResponseObject, error) {
	return h.s.list(ctx, req.Params)
}

// ListExecutionsPost serves the POST form of the same call.
func (h handler) ListExecutionsPost(ctx context.Context, req cloudflow.ListExecutionsPostRequestObject) (cloudflow.ListExecutionsPostResponseObject, error) {
	return h.s.list(ctx, cloudflow.ListExecutionsParams(req.Params))
}

// list selects one page and renders it.
func (s *Server) list(ctx context.Context, p cloudflow.ListExecutionsParams) (pageResponse, error) {
	ex := exchangeFrom(ctx)
	flow, err := ex.data.Flow(ex.session, p.FlowName)
	if err != nil {
		return pageResponse{}, err
	}
	limit := defaultLimit
	if p.Limit != nil {
		limit = int(*p.Limit)
	}
	offset := 0
	if ex.token != nil {
		if ex.token.Data != uint32(flow.Digest) {
			return pageResponse{}, flowmock.Errorf(flowmock.InvalidArgument,
				"Parameter error. NextToken: is stale: the executions of flow %q changed since it was issued (fixtures reloaded or session reset); start again without NextToken.", p.FlowName)
		}
		offset = int(ex.token.Offset)
	}
	meta := p.MetadataOnly != nil && *p.MetadataOnly
	return pageResponse{body: s.render(ex, flow, offset, limit, meta), requestID: ex.requestID, pool: &s.bufs}, nil
}

// render writes {"RequestId":…,"NextToken":…,"Executions":[…]} from the executions'
// pre-rendered bytes.
func (s *Server) render(ex *exchange, flow *fixtures.Flow, offset, limit int, meta bool) []byte {
	f := &ex.filter
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
		token = s.codec.Encode(page.Token{Offset: uint32(offset + limit), Binding: ex.tokenBinding(flow.Name), Data: uint32(flow.Digest)})
	}
	b := s.bufs.get(size + len(ex.requestID) + len(token) + 64)
	b = append(b, `{"RequestId":`...)
	b = appendJSONString(b, ex.requestID)
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

// pageResponse is a 200 page whose body is already rendered. It satisfies both generated
// response interfaces.
type pageResponse struct {
	body      []byte
	requestID string
	pool      *bufferPool // body goes back here once written
}

func (p pageResponse) VisitListExecutionsResponse(w http.ResponseWriter) error {
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set(HeaderRequestID, p.requestID)
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(p.body)
	p.pool.put(p.body) // http.ResponseWriter.Write does not retain the slice
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

func (p pageResponse) VisitListExecutionsPostResponse(w http.ResponseWriter) error {
	return p.VisitListExecutionsResponse(w)
}
