package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/flowmock/flowmock/gen/control"
	"github.com/flowmock/flowmock/internal/proc"
)

// target is the server under load.
type target struct {
	// url is the server's base URL, without a trailing slash.
	url string
	// pid is the process whose memory and threads are read from /proc; 0 for none.
	pid int
	// describe says what the server is, for the report.
	describe string
	// goroutines, when set, counts the server's goroutines (an in-process server); else the
	// report reads the goroutine count of GET /_mock/health, and failing that (no answer)
	// shows the process's Threads as a stand-in.
	goroutines func() int
	// exited is closed when the server process ended (nil for a server we did not start).
	exited <-chan struct{}
	// exitErr tells how it ended, once exited is closed.
	exitErr func() error
	// logProblems counts the WARN and ERROR lines the server logged; nil when unknown.
	logProblems func() int64
	// logTail returns the end of the server's log, for a failure report.
	logTail func() string
}

// startChild starts `bin serve --addr 127.0.0.1:0 args…` in a process group of its own and
// returns it once it printed its address. stop ends the group (SIGTERM, then SIGKILL).
func startChild(ctx context.Context, bin string, args []string) (t *target, stop func(), err error) {
	if _, err := os.Stat(bin); err != nil {
		return nil, nil, fmt.Errorf("%w (run `make build`, or pass -bin or -url)", err)
	}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	// Its own group, so stop ends what it started; and SIGTERM should this process die first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	pid := cmd.Process.Pid
	log := &logWatch{}
	var pipes sync.WaitGroup
	pipes.Add(1)
	go func() { defer pipes.Done(); log.consume(stderr) }()
	exited := make(chan struct{})
	var waitErr error
	go func() {
		pipes.Wait() // Wait closes the pipes: read them to the end first
		waitErr = cmd.Wait()
		close(exited)
	}()
	stop = func() {
		_ = syscall.Kill(-pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-pid, syscall.SIGKILL)
			<-exited
		}
	}
	addr := make(chan string, 1)
	pipes.Add(1)
	go func() {
		defer pipes.Done()
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`listening on (http://\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case u := <-addr:
		t = &target{
			url: strings.TrimSuffix(u, "/"), pid: pid,
			describe:    fmt.Sprintf("%s serve %s (pid %d)", bin, strings.Join(args, " "), pid),
			exited:      exited,
			exitErr:     func() error { return waitErr },
			logProblems: log.problems.Load,
			logTail:     log.tail,
		}
		return t, stop, nil
	case <-exited:
		return nil, nil, fmt.Errorf("%s exited before listening: %v\n%s", bin, waitErr, log.tail())
	case <-time.After(30 * time.Second):
		err = fmt.Errorf("%s did not say where it listens within 30s\n%s", bin, log.tail())
	case <-ctx.Done():
		err = ctx.Err()
	}
	stop()
	return nil, nil, err
}

// logWatch reads a server's log: counts WARN and ERROR lines and keeps the last lines.
type logWatch struct {
	problems atomic.Int64
	mu       sync.Mutex
	last     []string
}

func (l *logWatch) consume(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR") ||
			strings.Contains(line, `"level":"WARN"`) || strings.Contains(line, `"level":"ERROR"`) || strings.HasPrefix(line, "panic") {
			l.problems.Add(1)
			l.mu.Lock()
			l.last = append(l.last, line)
			if len(l.last) > 20 {
				l.last = l.last[1:]
			}
			l.mu.Unlock()
		}
	}
	_, _ = io.Copy(io.Discard, r)
}

func (l *logWatch) tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.last, "\n")
}

// probe is what one look at the server shows.
type probe struct {
	rssKB, hwmKB int64         // VmRSS, VmHWM; -1 when unknown
	threads      int           // -1 when unknown
	fds          int           // open file descriptors; -1 when unknown
	cpu          time.Duration // user and system CPU time so far; -1 when unknown
	goroutines   int           // -1 when unknown
}

// look reads /proc/PID/status and fd, and GET /_mock/health through the control client.
func (t *target) look(c *control.Client) probe {
	p := probe{rssKB: -1, hwmKB: -1, threads: -1, fds: -1, goroutines: -1, cpu: -1}
	if t.pid != 0 {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", t.pid)); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				k, v, ok := strings.Cut(line, ":")
				if !ok {
					continue
				}
				n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				if err != nil {
					continue
				}
				switch k {
				case "VmRSS":
					p.rssKB = n
				case "VmHWM":
					p.hwmKB = n
				case "Threads":
					p.threads = int(n)
				}
			}
		}
		if ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", t.pid)); err == nil {
			p.fds = len(ents)
		}
		p.cpu = proc.CPUTime(t.pid)
	}
	if res, err := c.GetHealth(context.Background()); err == nil {
		if h, err := control.ParseGetHealthResp(res); err == nil && h.JSON200 != nil {
			p.goroutines = h.JSON200.Goroutines
		}
	}
	if t.goroutines != nil {
		p.goroutines = t.goroutines()
	}
	return p
}

// metricsMatching returns the samples of the server's Prometheus metrics whose name contains
// part, by metric name with its labels. GET /_mock/metrics is text, outside the generated
// client's operations (openapi/control.yaml tags it unwrapped), so the request is sent
// through the client's server URL, HTTP client and editors.
func metricsMatching(c *control.Client, part string) map[string]float64 {
	req, err := http.NewRequest(http.MethodGet, strings.TrimSuffix(c.Server, "/")+"/_mock/metrics", nil)
	if err != nil {
		return nil
	}
	for _, edit := range c.RequestEditors {
		if edit(context.Background(), req) != nil {
			return nil
		}
	}
	res, err := c.Client.Do(req)
	if err != nil {
		return nil
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	if err != nil || res.StatusCode != http.StatusOK {
		return nil
	}
	out := map[string]float64{}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		s := string(line)
		sp := strings.LastIndexByte(s, ' ')
		if sp < 0 {
			continue
		}
		name, bare := s[:sp], s[:sp]
		if i := strings.IndexByte(bare, '{'); i >= 0 {
			bare = bare[:i]
		}
		if !strings.Contains(bare, part) {
			continue
		}
		if v, err := strconv.ParseFloat(s[sp+1:], 64); err == nil {
			out[name] += v
		}
	}
	return out
}

var errServerGone = errors.New("the server process exited")
