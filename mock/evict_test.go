package mock_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/flowmock/flowmock/mock"
)

// TestSessionsAreEvicted: over HTTP, distinct sessions past the cap evict the least recently
// used; a session used after its eviction is a new one (its flow is gone), and a scenario it
// chose is forgotten.
func TestSessionsAreEvicted(t *testing.T) {
	h := newHarness(t, mock.Config{MaxSessions: 50, SessionIdle: time.Hour})
	create := url.Values{"Name": {"mine"}, "Definition": {helloDefinition("mine")}, "Description": {"d"}, "Type": {"FDL"}}
	if r := h.action("CreateFlow", create, mock.HeaderSession, "first"); r.status != 200 {
		t.Fatalf("CreateFlow: %d %s", r.status, r.body)
	}
	if err := h.srv.SetScenario("first", "throttled"); err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		h.action("DescribeRegions", url.Values{}, mock.HeaderSession, fmt.Sprintf("s%04d", i))
	}
	if n := len(h.srv.Sessions()); n > 50 {
		t.Errorf("%d live sessions, want at most the cap 50", n)
	}
	if got := h.srv.ActiveScenario("first"); got != "" {
		t.Errorf("the evicted session's scenario = %q, want none", got)
	}
	r := h.action("DescribeFlow", url.Values{"Name": {"mine"}}, mock.HeaderSession, "first")
	if e := decodeError(t, r); r.status != 404 || e.Code != "FlowNotExists" {
		t.Errorf("the evicted session's flow: %d %s, want 404 FlowNotExists (a new session)", r.status, e.Code)
	}
}
