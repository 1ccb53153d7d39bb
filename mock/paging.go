package mock

import (
	"hash/fnv"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/page"
	"github.com/flowmock/flowmock/store"
)

// session is the call's session in the store, looked up once per call.
func (h handler) session() *store.Session {
	if h.call.state == nil {
		h.call.state = h.srv.store.Load().Session(h.call.session)
	}
	return h.call.state
}

// cursor is where a keyset-paged list resumes: 0 for the first page, or the position the
// call's NextToken carries. The token must have been minted for the same list (the action
// and the parts that select it, such as the flow).
func (h handler) cursor(parts ...string) (uint64, error) {
	t := h.call.token
	if t == nil {
		return 0, nil
	}
	if t.Binding != listBinding(parts) {
		return 0, flowmock.Errorf(flowmock.InvalidArgument,
			"Parameter error. NextToken: was issued for another list (another action, flow or filter); start again without NextToken.")
	}
	return uint64(t.Offset), nil
}

// nextToken mints the NextToken of a keyset page, nil on the last page (next 0).
func (h handler) nextToken(next uint64, parts ...string) *string {
	if next == 0 {
		return nil
	}
	tok := h.srv.codec.Encode(page.Token{Offset: uint32(next), Binding: listBinding(parts)})
	return &tok
}

// listBinding is what a list token is bound to.
func listBinding(parts []string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// limitOf is a page size parameter, defaultLimit when absent.
func limitOf(l *int32) int {
	if l == nil {
		return defaultLimit
	}
	return int(*l)
}
