package mock

import (
	"net/url"
	"strconv"

	"github.com/flowmock/flowmock/gen/control"
)

// MaxControlPage is the most items one control-plane list answer (/_mock/requests,
// /_mock/sessions) holds, and the size of a page when the request gives no limit.
const MaxControlPage = 1000

// HeaderNextCursor, on a control-plane list answer, is the cursor query parameter that asks for
// the next page; it is absent on the last page.
const HeaderNextCursor = "X-Mock-Next-Cursor"

// ParseRecordFilter reads a RecordFilter from query parameters session, action, status, code,
// scenario, limit and cursor (a Seq: records before it). It returns an error naming a bad
// value. A limit is at most MaxControlPage; none means MaxControlPage.
func ParseRecordFilter(q url.Values) (RecordFilter, error) {
	p := control.CountRequestsParams{}
	for name, dst := range map[string]**string{"session": &p.Session, "action": &p.Action, "code": &p.Code, "scenario": &p.Scenario, "cursor": &p.Cursor} {
		if v := q.Get(name); v != "" {
			*dst = &v
		}
	}
	for name, dst := range map[string]**int{"status": &p.Status, "limit": &p.Limit} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return RecordFilter{}, &controlErr{status: 400, msg: name + ": want a non-negative integer, got " + strconv.Quote(clip(v))}
			}
			*dst = &n
		}
	}
	return recordFilter(p)
}

// pageSize checks the limit query parameter of a control-plane list: 1 to MaxControlPage,
// MaxControlPage when absent or 0.
func pageSize(limit *int) (int, error) {
	n, err := nonNegative("limit", limit)
	switch {
	case err != nil:
		return 0, err
	case n > MaxControlPage:
		return 0, &controlErr{status: 400, msg: "limit: at most " + strconv.Itoa(MaxControlPage) + " (page on with the " + HeaderNextCursor + " header), got " + strconv.Itoa(n)}
	case n == 0:
		n = MaxControlPage
	}
	return n, nil
}

// nonNegative is an integer query parameter's value, 0 when absent.
func nonNegative(name string, v *int) (int, error) {
	if v == nil {
		return 0, nil
	}
	if *v < 0 {
		return 0, &controlErr{status: 400, msg: name + ": want a non-negative integer, got " + strconv.Quote(strconv.Itoa(*v))}
	}
	return *v, nil
}

// clip shortens a value quoted in an error message.
func clip(v string) string {
	if len(v) > 64 {
		return v[:64] + "…"
	}
	return v
}
