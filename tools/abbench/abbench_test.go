package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMain serves as the server under test when ABBENCH_TEST_SERVE names an address: the
// end-to-end test runs this test binary as both of the commands it compares.
func TestMain(m *testing.M) {
	if addr := os.Getenv("ABBENCH_TEST_SERVE"); addr != "" {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			os.Exit(3)
		}
		_ = http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("ok") != "1" {
				w.WriteHeader(http.StatusNotFound)
			}
			_, _ = w.Write(bytes.Repeat([]byte("x"), 4096))
		}))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestCompare runs a whole comparison of two real server processes.
func TestCompare(t *testing.T) {
	serve := "env ABBENCH_TEST_SERVE=127.0.0.1:{port} " + os.Args[0]
	var out, errs bytes.Buffer
	code := mainExit(context.Background(), []string{"-a", serve, "-b", serve, "-path", "/?ok=1",
		"-rounds", "2", "-c", "2", "-d", "200ms", "-warmup", "0s", "-bootstrap", "100"}, &out, &errs)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, &out, &errs)
	}
	for _, want := range []string{"round  1  A", "round  2  A", "µs/answer", "B − A", "95% interval", "seed 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, &out)
		}
	}
}

// TestServerThatFails: a server that exits is reported with what it printed, and one whose
// answers are not 200 with its URL.
func TestServerThatFails(t *testing.T) {
	serve := "env ABBENCH_TEST_SERVE=127.0.0.1:{port} " + os.Args[0]
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond) // how long ready tries the 404s
	defer cancel()
	tests := []struct {
		name, command, path string
		ctx                 context.Context
		want                string
	}{
		{"exits", "echo the reason it failed; exit 1 # {port}", "/", context.Background(), "the reason it failed"},
		{"never 200", serve, "/?ok=0", ctx, "did not answer 200 at http://127.0.0.1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config{path: tt.path, conns: 1}
			_, err := measure(tt.ctx, cfg, tt.command)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("measure = %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	ok := []string{"-a", "s {port}", "-b", "s {port}"}
	tests := []struct {
		name string
		args []string
		want string // in the error; "" for none
	}{
		{"defaults", ok, ""},
		{"no port in -b", []string{"-a", "s {port}", "-b", "s"}, "{port}"},
		{"path", append(ok, "-path", "x"), "must start with /"},
		{"one round", append(ok, "-rounds", "1"), "-rounds 1"},
		{"no connections", append(ok, "-c", "0"), "-c 0"},
		{"too short", append(ok, "-d", "1ms"), "at least 100ms"},
		{"few resamples", append(ok, "-bootstrap", "10"), "-bootstrap 10"},
		{"stray argument", append(ok, "extra"), "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(tt.args, &bytes.Buffer{})
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("parse = %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestStats(t *testing.T) {
	if got := median([]float64{3, 1, 2}); got != 2 {
		t.Errorf("median of 3 = %v, want 2", got)
	}
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median of 4 = %v, want 2.5", got)
	}
	if got := mean([]float64{1, 2, 6}); got != 3 {
		t.Errorf("mean = %v, want 3", got)
	}
	x := []float64{-2, 1, 0.5, 3, -1, 2}
	lo, hi := bootstrap(x, 2000, 7)
	if m := mean(x); lo > m || hi < m || lo == hi {
		t.Errorf("bootstrap interval %v..%v, want one around the mean %v", lo, hi, m)
	}
	if lo2, hi2 := bootstrap(x, 2000, 7); lo2 != lo || hi2 != hi {
		t.Errorf("the same seed gave %v..%v, then %v..%v", lo, hi, lo2, hi2)
	}
	if lo, hi := bootstrap([]float64{5, 5, 5}, 100, 1); lo != 5 || hi != 5 {
		t.Errorf("bootstrap of a constant = %v..%v, want 5..5", lo, hi)
	}
}
