package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/setup"
)

// tiny is a run small enough for go test -race: every kind of life, a few hundred times.
func tiny() config {
	cfg := defaultConfig()
	cfg.N, cfg.Concurrency, cfg.Sessions, cfg.Every, cfg.Settle = 4000, 4, 64, 1000, 0
	return cfg
}

// TestSoakInProcess runs the soak against a server built in this process (setup.Build,
// with every response validated against the contract: a violation would be a 500) and
// checks that nothing went wrong and that every action of the API was sent.
func TestSoakInProcess(t *testing.T) {
	cfg := setup.Config{Config: mock.Config{Seed: 1, TimeScale: 1, ValidateResponses: true}} // as `flowmock serve --validate-responses`
	built, err := setup.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(built.Server)
	t.Cleanup(hs.Close)
	t.Cleanup(built.Server.Close) // first: ends executions left running, so hs.Close need not wait
	tgt := &target{url: hs.URL, pid: os.Getpid(), describe: "in-process server (setup.Build, --validate-responses)", goroutines: runtime.NumGoroutine}

	var out bytes.Buffer
	res, err := run(context.Background(), tiny(), tgt, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, res, tiny())
}

// TestSoakBinary runs the soak the way make soak does, against bin/flowmock as a child
// process, when that binary was built.
func TestSoakBinary(t *testing.T) {
	bin, err := filepath.Abs("../../bin/flowmock")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("bin/flowmock is missing (run `make build` to test the soak against the binary; TestSoakInProcess covers the workload): %v", err)
	}
	cfg := tiny()
	cfg.N = 2000
	var out, errOut bytes.Buffer
	code := mainExit(context.Background(), []string{"-bin", bin, "-n", "2000", "-c", "4", "-sessions", "64", "-every", "1000", "-settle", "0s", "-server-args", "--log-level warn"}, &out, &errOut)
	t.Log("\n" + out.String() + errOut.String())
	if code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	for _, want := range []string{"soak summary: 2,000 requests", "RSS at the end", "unexpected 5xx"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output has no %q", want)
		}
	}
}

func checkResult(t *testing.T, res *result, cfg config) {
	t.Helper()
	if got, want := res.requests, int64(cfg.N); got != want {
		t.Errorf("requests=%d, want %d", got, want)
	}
	if got := res.kinds[kind5xx]; got != 0 {
		t.Errorf("unexpected 5xx=%d, want 0", got)
	}
	if got := res.kinds[kindOther]; got != 0 {
		t.Errorf("other errors=%d, want 0", got)
	}
	if res.kinds[kindInjected] == 0 || res.kinds[kindFault] == 0 {
		t.Errorf("injected=%d, faults=%d: want some of each", res.kinds[kindInjected], res.kinds[kindFault])
	}
	for _, row := range res.rows {
		if row.total == 0 {
			t.Errorf("%s: never sent", row.name)
		}
	}
	if len(res.reports) != cfg.N/cfg.Every {
		t.Errorf("%d progress reports, want %d", len(res.reports), cfg.N/cfg.Every)
	}
	if res.end.rssKB <= 0 || res.end.goroutines <= 0 {
		t.Errorf("end: RSS %d kB, goroutines %d: want both read", res.end.rssKB, res.end.goroutines)
	}
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"fewer sessions than workers", []string{"-c", "8", "-sessions", "4"}},
		{"too many errors", []string{"-errors", "0.4", "-faults", "0.2"}},
		{"no requests", []string{"-n", "0"}},
		{"unknown flag", []string{"-bogus"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if got, want := mainExit(context.Background(), tc.args, &out, &errOut), 2; got != want {
				t.Fatalf("exit status %d, want %d (%s)", got, want, errOut.String())
			}
		})
	}
}

func TestQuantile(t *testing.T) {
	var h hist
	for i := 1; i <= 100; i++ {
		h.add(durationMS(i))
	}
	counts := h.snapshot(false)
	for _, tc := range []struct {
		q    float64
		want int // ms
	}{{.5, 50}, {.99, 99}} {
		got := quantile(counts, tc.q)
		if lo, hi := durationMS(tc.want)*97/100, durationMS(tc.want)*103/100; got < lo || got > hi {
			t.Errorf("quantile(%v)=%v, want %dms ± 3%%", tc.q, got, tc.want)
		}
	}
}

func durationMS(n int) time.Duration { return time.Duration(n) * time.Millisecond }
