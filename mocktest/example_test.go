package mocktest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/mocktest"
)

// exampleTB lets runnable examples use the testing.TB API.
type exampleTB struct{ testing.TB }

func (exampleTB) Helper()                   {}
func (exampleTB) Name() string              { return "Example" }
func (exampleTB) Cleanup(func())            {}
func (exampleTB) Fatal(args ...any)         { panic(fmt.Sprint(args...)) }
func (exampleTB) Fatalf(f string, a ...any) { panic(fmt.Sprintf(f, a...)) }

func Example() {
	var t testing.TB = exampleTB{} // in a test: the *testing.T
	srv := mocktest.NewServer(t)
	defer srv.Close()

	limit := cloudflow.Limit(3)
	res, err := srv.API().ListExecutionsWithResponse(context.Background(), &cloudflow.ListExecutionsParams{
		FlowName: "demo_flow", Limit: &limit,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.StatusCode(), len(res.JSON200.Executions), res.JSON200.NextToken != nil)
	// Output: 200 3 true
}

// A client with retries, checked against "429, 429, then success" in its own session.
func Example_throttleThenRecover() {
	var t testing.TB = exampleTB{}
	srv := mocktest.NewServer(t)
	defer srv.Close()
	session := srv.Session(t)
	session.SetScenario("throttle-then-recover")

	// The client under test: retry 429s with a short backoff, at most 5 attempts.
	get := func(c *http.Client, req *http.Request) (*http.Response, int, error) {
		for attempt := 1; ; attempt++ {
			res, err := c.Do(req)
			if err != nil || res.StatusCode != http.StatusTooManyRequests || attempt == 5 {
				return res, attempt, err
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			time.Sleep(time.Millisecond << attempt)
		}
	}
	res, attempts, err := get(session.Client(), srv.NewRequest(context.Background(), "demo_flow", "Limit", "1"))
	if err != nil {
		panic(err)
	}
	res.Body.Close()
	fmt.Println("status", res.StatusCode, "after", attempts, "attempts;", session.Count(mockFilter429()), "throttled")
	// Output: status 200 after 3 attempts; 2 throttled
}

func mockFilter429() mock.RecordFilter { return mock.RecordFilter{Status: 429} }
