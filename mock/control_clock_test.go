package mock_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// TestClockAdvancePastTheRange: advancing a session's clock by the longest duration again
// and again answers the clock (four-digit years) until the next step would pass year 9999;
// that one is 400 saying so, and the clock stays.
func TestClockAdvancePastTheRange(t *testing.T) {
	h := newHarness(t, mock.Config{})
	var last string
	for i := range 40 {
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/_mock/sessions/far/clock", strings.NewReader(`{"advance":"2562047h"}`))
		res, err := h.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusBadRequest {
			var e struct{ Error string }
			if err := json.Unmarshal(body, &e); err != nil || !strings.Contains(e.Error, "past 9999-12-31T23:59:59.999Z") {
				t.Fatalf("advance %d: 400 %s, want the error naming the latest time", i, body)
			}
			if !strings.Contains(e.Error, last[:4]) {
				t.Errorf("error %q does not show where the clock stayed (%s)", e.Error, last)
			}
			return
		}
		var c struct{ Now string }
		if err := json.Unmarshal(body, &c); res.StatusCode != 200 || err != nil || len(c.Now) < 4 || c.Now[4] != '-' {
			t.Fatalf("advance %d: %d %s, want 200 and a four-digit year", i, res.StatusCode, body)
		}
		last = c.Now
	}
	t.Fatalf("40 advances of 292 years all answered 200; the clock reads %s", last)
}
