package mock_test

import (
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// TestJournalCutsValues: requests carrying a 1 MB TaskToken are journaled with the value cut
// to the journal's value cap and a marker giving its length; the metric counts them.
func TestJournalCutsValues(t *testing.T) {
	h := newHarness(t, mock.Config{})
	token := strings.Repeat("T", 1_000_000) // 1 MB: the request stays under the 1 MiB body cap
	body := url.Values{"Action": {"ReportTaskSucceeded"}, "Version": {"2019-03-15"}, "TaskToken": {token}, "Output": {"{}"}}.Encode()
	const n = 20
	for range n {
		res, err := h.ts.Client().Post(h.ts.URL+"/", "application/x-www-form-urlencoded", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	if got := h.metric("flowmock_journal_truncated_values_total"); got != n {
		t.Errorf("values cut = %v, want %d", got, n)
	}
	res, err := h.ts.Client().Get(h.ts.URL + "/_mock/requests")
	if err != nil {
		t.Fatal(err)
	}
	var recs []mock.Record
	if err := decodeJSON(res, &recs); err != nil {
		t.Fatal(err)
	}
	want := "…[truncated, " + strconv.Itoa(len(token)) + " bytes]"
	for _, r := range recs {
		if v := r.Params["TaskToken"]; !strings.HasSuffix(v, want) || len(v) != mock.DefaultJournalValueBytes+len(want) {
			t.Errorf("TaskToken kept as %d bytes ending %q, want %d bytes ending %q", len(v), v[max(0, len(v)-40):], mock.DefaultJournalValueBytes+len(want), want)
		}
	}
}

// TestJournalByteBudgetDropsOldest: with a budget smaller than the records, the oldest go
// first and the metric counts them.
func TestJournalByteBudgetDropsOldest(t *testing.T) {
	h := newHarness(t, mock.Config{JournalBytes: 16 << 10, JournalValueBytes: 2 << 10})
	for i := range 20 {
		h.post("j", url.Values{"Action": {"DescribeFlow"}, "Name": {"demo_flow"}, "RequestId": {strconv.Itoa(i) + strings.Repeat("r", 4<<10)}})
	}
	recs := h.srv.Requests(mock.RecordFilter{})
	if len(recs) == 0 || len(recs) >= 20 {
		t.Fatalf("records = %d, want some but not all 20", len(recs))
	}
	if !strings.HasPrefix(recs[0].RequestID, "19") {
		t.Errorf("newest record's RequestId starts %.4q, want the last request's (19…)", recs[0].RequestID)
	}
	if got := h.metric("flowmock_journal_dropped_total"); got != float64(20-len(recs)) {
		t.Errorf("dropped = %v, want %d", got, 20-len(recs))
	}
	if got := h.metric("flowmock_journal_bytes"); got > 16<<10 {
		t.Errorf("journal bytes = %v, want at most %d", got, 16<<10)
	}
}

// TestJournalKeepsResponse: a record carries the answer's body as the client got it, whole
// when it fits the value cap, else cut to the cap with the marker giving its length.
func TestJournalKeepsResponse(t *testing.T) {
	tests := []struct {
		name     string
		valueCap int
		form     url.Values
	}{
		{"200 whole", 1 << 20, url.Values{"Action": {"DescribeFlow"}, "Name": {"demo_flow"}}},
		{"error envelope whole", 1 << 20, url.Values{"Action": {"DescribeFlow"}, "Name": {"no_such_flow"}}},
		{"200 cut", 16, url.Values{"Action": {"DescribeFlow"}, "Name": {"demo_flow"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, mock.Config{JournalValueBytes: tt.valueCap})
			res := h.post("resp", tt.form)
			recs := h.srv.Requests(mock.RecordFilter{Session: "resp"})
			if len(recs) != 1 {
				t.Fatalf("records = %d, want 1", len(recs))
			}
			want := string(res.body)
			if len(want) > tt.valueCap {
				want = want[:tt.valueCap] + "…[truncated, " + strconv.Itoa(len(res.body)) + " bytes]"
			}
			if got := recs[0].Response; got != want {
				t.Errorf("response = %q, want %q", got, want)
			}
		})
	}
}
