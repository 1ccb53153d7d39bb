package mocktest_test

import (
	"testing"
	"time"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mocktest"
)

// TestControlThroughClient: the session helpers go through the control plane's generated
// client, session ids with "/" and "#" (subtest names) included, and reach the session.
func TestControlThroughClient(t *testing.T) {
	srv := mocktest.NewServer(t)
	t.Run("a/b c", func(t *testing.T) {
		ss := srv.Session(t)
		start := ss.State().Clock().Now()
		ss.Advance(90 * time.Second)
		if got := ss.State().Clock().Now().Sub(start); got < 90*time.Second {
			t.Errorf("clock moved %v, want at least 90s", got)
		}
		ss.SetClock(start.Add(time.Hour))
		if got := ss.State().Clock().Now(); got.Before(start.Add(time.Hour)) {
			t.Errorf("clock = %v, want from %v", got, start.Add(time.Hour))
		}
		ss.SetTestCase("happy")
		if got := srv.Mock.TestCase(ss.ID); got != "happy" {
			t.Errorf("test case = %q, want happy", got)
		}
		if got := ss.Tasks(); len(got) != 0 {
			t.Errorf("tasks = %v, want none", got)
		}
		if got := ss.Count(mock.RecordFilter{}); got != 0 {
			t.Errorf("count = %d, want 0 (control calls are not journaled)", got)
		}
		ss.Reset()
	})
}
