package mock_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/interp"
	"github.com/flowmock/flowmock/mock"
)

// tenStatesFile is the 10-state flow of the benchmarks (5 tasks, constructors, a choice, a
// wait), shared with package interp's.
const tenStatesFile = "../interp/testdata/bench/ten.yaml"

// BenchmarkStartToSucceeded starts an execution of a 10-state flow through the API at time
// scale 0 and waits for it to succeed, in process.
func BenchmarkStartToSucceeded(b *testing.B) {
	tenStates, err := os.ReadFile(tenStatesFile)
	if err != nil {
		b.Fatal(err)
	}
	srv, err := mock.New(mock.Config{Data: defaultFixtures(b), Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	form := url.Values{"Name": {"ten"}, "Definition": {string(tenStates)}, "Description": {"d"}, "Type": {"FDL"}}.Encode()
	req := httptest.NewRequest(http.MethodPost, "/?Action=CreateFlow&Version=2019-03-15", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("CreateFlow: %d %s", rec.Code, rec.Body)
	}
	ss := srv.State("")
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		name := "e" + strconv.Itoa(i)
		req := httptest.NewRequest(http.MethodGet, "/?Action=StartExecution&Version=2019-03-15&FlowName=ten&ExecutionName="+name+`&Input=%7B%22status%22%3A%22ready%22%2C%22n%22%3A1%7D`, nil)
		clear(w.h)
		srv.ServeHTTP(w, req)
		run, err := ss.Run("ten", name)
		if err != nil {
			b.Fatal(err)
		}
		<-run.Exec.Done()
		if s := run.Exec.Snapshot(); s.Status != interp.Succeeded {
			b.Fatalf("status %s: %s", s.Status, s.Cause)
		}
	}
}

// threePass is the flow of ../shared/bench/exec: three Pass states.
const threePass = `Type: StateMachine
SpecVersion: v1
Name: benchexec
StartAt: A
States:
  - {Type: Pass, Name: A, Next: B}
  - {Type: Pass, Name: B, Next: C}
  - {Type: Pass, Name: C, End: true}
`

// BenchmarkExecOverAPI is one execution of the HTTP exec bench, in process: a form-encoded
// StartExecution in a session, then DescribeExecution with WaitTimeSeconds until it ends.
func BenchmarkExecOverAPI(b *testing.B) {
	srv, err := mock.New(mock.Config{Data: defaultFixtures(b), Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	post := func(form url.Values) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(mock.HeaderSession, "bench")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	if rec := post(url.Values{"Action": {"CreateFlow"}, "Version": {"2019-03-15"}, "Name": {"benchexec"}, "Definition": {threePass}, "Type": {"FDL"}, "Description": {"d"}}); rec.Code != 200 {
		b.Fatalf("CreateFlow: %d %s", rec.Code, rec.Body)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		name := "e" + strconv.Itoa(i)
		if rec := post(url.Values{"Action": {"StartExecution"}, "Version": {"2019-03-15"}, "FlowName": {"benchexec"}, "ExecutionName": {name}, "Input": {`{"n":1}`}}); rec.Code != 200 {
			b.Fatalf("StartExecution: %d %s", rec.Code, rec.Body)
		}
		for {
			rec := post(url.Values{"Action": {"DescribeExecution"}, "Version": {"2019-03-15"}, "FlowName": {"benchexec"}, "ExecutionName": {name}, "WaitTimeSeconds": {"5"}})
			if rec.Code != 200 {
				b.Fatalf("DescribeExecution: %d %s", rec.Code, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), `"Running"`) {
				break
			}
		}
	}
}
