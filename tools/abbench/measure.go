package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/flowmock/flowmock/internal/proc"
)

// sample is one side's measurement in one round.
type sample struct {
	rps          float64 // answers (200) per second
	cpuPerAnswer float64 // the server's CPU µs per answer
}

// measure starts command, waits until it answers, loads it for the warm-up and then for the
// measured time, and returns what it served and the CPU it used meanwhile. The server is
// stopped before measure returns.
func measure(ctx context.Context, cfg config, command string) (sample, error) {
	port, err := freePort()
	if err != nil {
		return sample{}, err
	}
	url := "http://127.0.0.1:" + strconv.Itoa(port) + cfg.path
	srv, err := start(strings.ReplaceAll(command, "{port}", strconv.Itoa(port)))
	if err != nil {
		return sample{}, err
	}
	defer srv.stop()
	if err := srv.ready(ctx, url); err != nil {
		return sample{}, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.conns, DisableCompression: true}}
	defer client.CloseIdleConnections()
	load(ctx, client, url, cfg.conns, cfg.warmup)
	cpu0 := proc.CPUTime(srv.pid())
	t0 := time.Now()
	n := load(ctx, client, url, cfg.conns, cfg.measure)
	elapsed, cpu := time.Since(t0), proc.CPUTime(srv.pid())-cpu0
	if err := ctx.Err(); err != nil {
		return sample{}, err
	}
	if n == 0 || cpu0 < 0 || cpu < 0 {
		return sample{}, fmt.Errorf("%s: %d answers of 200, CPU time %v (from /proc): nothing to measure", command, n, cpu)
	}
	return sample{rps: float64(n) / elapsed.Seconds(), cpuPerAnswer: float64(cpu.Microseconds()) / float64(n)}, nil
}

// load sends GET url from conns workers for d and returns how many answers were 200.
func load(ctx context.Context, client *http.Client, url string, conns int, d time.Duration) int64 {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var ok atomic.Int64
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			for ctx.Err() == nil {
				if get(ctx, client, url) {
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return ok.Load()
}

// get sends one GET and reads the answer to the end; it reports a 200 read whole.
func get(ctx context.Context, client *http.Client, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	res, err := client.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return err == nil && res.StatusCode == http.StatusOK
}

// freePort returns a port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// server is a started server command.
type server struct {
	cmd    *exec.Cmd
	out    *tail // the end of its output, for an error that needs it
	exited chan struct{}
}

// start runs command through sh, as the process measured (exec), in a process group of its
// own; the end of its output is kept for the errors ready returns.
func start(command string) (*server, error) {
	cmd := exec.Command("sh", "-c", "exec "+command)
	out := &tail{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", command, err)
	}
	s := &server{cmd: cmd, out: out, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.exited) }()
	return s, nil
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// ready waits until url answers 200, for at most 30 seconds.
func (s *server) ready(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if get(ctx, http.DefaultClient, url) {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("%s exited before it answered 200; its output ended:\n%s", s.cmd.Args[2], s.out)
		case <-ctx.Done():
			return errors.Join(fmt.Errorf("%s did not answer 200 at %s; its output ended:\n%s", s.cmd.Args[2], url, s.out), ctx.Err())
		case <-tick.C:
		}
	}
}

// stop ends the server's process group: SIGTERM, then SIGKILL after 10 seconds.
func (s *server) stop() {
	_ = syscall.Kill(-s.pid(), syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-s.pid(), syscall.SIGKILL)
		<-s.exited
	}
}

// tail keeps the last 2 KB written to it. It is safe for concurrent use.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if n := len(t.buf) - 2048; n > 0 {
		t.buf = append(t.buf[:0], t.buf[n:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
