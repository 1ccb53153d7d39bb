// Command soak puts a flowmock server under a long, mixed, bounded load on loopback and
// reports whether it holds up: its memory, its threads, latency, and every answer
// classified. It stops by itself after -n requests or -duration, whichever comes first.
//
//	make soak                                  # builds bin/flowmock, then runs this with defaults
//	go run ./tools/soak -n 20000 -sessions 2000
//	go run ./tools/soak -url http://127.0.0.1:8080 -pid 1234   # a server already running
//
// By default it starts `bin/flowmock serve --addr 127.0.0.1:0` as a child process (in a
// process group of its own, ended with SIGTERM at the end), so the memory it reports is the
// server's own: VmRSS, VmHWM and Threads from /proc/PID/status, open descriptors from
// /proc/PID/fd; and the server's goroutine count from GET /_mock/health (the control plane's
// generated client) at every report. Should health not answer, Threads stand in for
// goroutines and the report says so; a Go runtime keeps the threads it started, so Threads is
// only a high-water mark (a pile-up of blocked goroutines, not every leak).
//
// # Flags
//
//	-n N            requests to send, API and control plane together (default 1000000)
//	-duration D     stop after D even if fewer were sent (default 10m)
//	-c C            concurrent workers, each with one request in flight (default 16)
//	-sessions S     distinct sessions, X-Mock-Session soak-000000 … (default 100000;
//	                rounded down to a multiple of -c)
//	-every R        report every R requests answered (default 100000)
//	-errors F       share of requests sent with X-Mock-Error (default 0.05)
//	-faults F       share of requests sent with a fault scenario (default 0.01)
//	-seed N         seeds the workload's choices (default 1)
//	-settle D       wait after the load before the last look at the server (default 3s)
//	-bin PATH       the flowmock binary to start (default bin/flowmock)
//	-server-args S  more flags for `flowmock serve`, space-separated (default none)
//	-url URL        put load on a server already running there instead of starting one
//	-pid PID        with -url: the process whose /proc to read (default none)
//
// # Workload
//
// Each worker keeps four session lives going and gives them turns: a visit of two to five
// steps of one life, then the next life's visit. A life is a test using one session from
// start to end, one of five kinds in the proportions 10:3:3:2:2:
//
//   - run: ListFlows, CreateFlow of a Pass flow, DescribeFlow, ListFlows, StartExecution,
//     DescribeExecution long polls (WaitTimeSeconds) until it ends, GetExecutionHistory,
//     ListExecutions; two pages of a fixture flow's executions, a fixture DescribeExecution;
//     the session's executions through the control plane.
//   - versions: PublishFlowVersion (twice, with UpdateFlow between), ListFlowVersions,
//     DescribeFlow of a version, CreateFlowAlias, DescribeFlowAlias, ListFlowAliases,
//     UpdateFlowAlias, StartExecution of the alias, polls, DeleteFlowAlias, DeleteFlowVersion.
//   - express: DescribeRegions (twice), CreateFlow of an Express flow, StartSyncExecution,
//     a Standard execution, DescribeMapRun and UpdateMapRun (400 InvalidArgument: the execution
//     has no map run named m1), ListExecutions by status.
//   - schedules: CreateSchedule, ListSchedules, DescribeSchedule, UpdateSchedule, a second
//     schedule, DeleteSchedule, DescribeSchedule (404 ScheduleNotExists), the journal count.
//   - callbacks: a flow waiting for a callback, its token from GET /_mock/sessions/{id}/tasks,
//     ReportTaskSucceeded, ReportTaskFailed, a five-minute Wait stopped with StopExecution,
//     another left running.
//
// A life ends with DeleteFlow (after run: DescribeFlow, 404 FlowNotExists) and POST
// /_mock/sessions/{id}/reset, except one life in five, which walks away as a crashed test
// would: its session keeps its flows and running execution until the next life there resets
// it or the server evicts it. Lives take session ids in turn, cycling over -sessions, so
// each session is visited a few times per life and sessions are used again once the ids
// wrap. (Visiting every session once per lap would find each one evicted: the server keeps
// at most 10,000 sessions.)
//
// Before any request, by chance, the worker first sends an extra one so that -errors of all
// requests carry X-Mock-Error (ResourceThrottled four times in five, else
// InternalServerError, when the action declares it), which is then retried as a client
// would; and -faults of all requests carry X-Mock-Scenario connection-reset (three in four)
// or broken-wire (reset, empty reply, truncated body, malformed JSON, in turn) on a reading
// request.
//
// Every answer is one of: ok (what the step expects: data, or the API error it expects),
// injected (the error asked for), fault (a transport error, truncated body or malformed JSON
// after asking for a fault), unexpected 5xx, or other (anything else: another status or
// code, a transport error nobody asked for, an answer whose content is wrong). Latency is
// measured to the end of the body. Every -every requests a line shows the server's CPU time
// per request (utime+stime of /proc/PID/stat over those requests: unlike req/s, it does not
// depend on what else the machine runs), RSS, threads (or goroutines), descriptors, p50/p99
// of those requests and the counts so far; a
// summary table ends the run: RSS after the first report against the end (goal: within 2×),
// the end's goroutines or threads, and the unexpected 5xx (goal: none). The exit status is 1
// when there was an unexpected 5xx or the server died, 2 for bad flags or a server that does
// not start.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

// config is what the flags set.
type config struct {
	N, Concurrency, Sessions, Every int
	Duration, Settle                time.Duration
	Errors, Faults, Hostile         float64
	HostileFull                     bool
	Seed                            uint64
	Bin, ServerArgs, Caps, URL      string
	PID                             int
}

// defaultCaps are the global limits the soak gives the server it starts, low enough that
// the hostile traffic reaches them (the defaults are for real use).
const defaultCaps = "--max-running-executions 256 --max-long-polls-total 8 --max-session-bytes 1048576 --journal-bytes 262144"

func defaultConfig() config {
	return config{
		N: 1_000_000, Concurrency: 16, Sessions: 100_000, Every: 100_000,
		Duration: 10 * time.Minute, Settle: 3 * time.Second, Errors: 0.05, Faults: 0.01, Hostile: 0.05, Seed: 1,
		Bin: "bin/flowmock", Caps: defaultCaps,
	}
}

func (c *config) flags(fs *flag.FlagSet) {
	fs.IntVar(&c.N, "n", c.N, "requests to send, API and control plane together")
	fs.DurationVar(&c.Duration, "duration", c.Duration, "stop after this long even if fewer requests were sent")
	fs.IntVar(&c.Concurrency, "c", c.Concurrency, "concurrent workers, one request in flight each")
	fs.IntVar(&c.Sessions, "sessions", c.Sessions, "distinct sessions (rounded down to a multiple of -c)")
	fs.IntVar(&c.Every, "every", c.Every, "report every this many requests")
	fs.Float64Var(&c.Errors, "errors", c.Errors, "share of requests sent with X-Mock-Error")
	fs.Float64Var(&c.Faults, "faults", c.Faults, "share of requests sent with a fault scenario (connection-reset, broken-wire)")
	fs.Float64Var(&c.Hostile, "hostile", c.Hostile, "share of requests from issue 17's hostile list (1 MB TaskToken, 20 KB session id, deep definitions, 1e10 s waits, nested repeat, duplicate Action, many long polls, 700 KB flows)")
	fs.BoolVar(&c.HostileFull, "hostile-full", c.HostileFull, "hostile inputs at the issue's own sizes (10,000-deep definitions, repeat of a terabyte): only for a server with expression and depth limits")
	fs.StringVar(&c.Caps, "caps", c.Caps, "global limits given to the server the soak starts (before -server-args), low so that they are reached")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed of the workload's choices")
	fs.DurationVar(&c.Settle, "settle", c.Settle, "wait after the load before the last look at the server")
	fs.StringVar(&c.Bin, "bin", c.Bin, "the flowmock binary to start")
	fs.StringVar(&c.ServerArgs, "server-args", c.ServerArgs, "more flags for flowmock serve, space-separated")
	fs.StringVar(&c.URL, "url", c.URL, "put load on a server already running at this URL instead of starting one")
	fs.IntVar(&c.PID, "pid", c.PID, "with -url: the server's process id, to read its memory and threads")
}

func (c config) check() error {
	switch {
	case c.N < 1, c.Concurrency < 1, c.Every < 1:
		return errors.New("-n, -c and -every must be at least 1")
	case c.Sessions < c.Concurrency:
		return fmt.Errorf("-sessions %d: want at least -c (%d), so no two workers share a session", c.Sessions, c.Concurrency)
	case c.Errors < 0 || c.Faults < 0 || c.Hostile < 0 || c.Errors+c.Faults+c.Hostile >= 0.5:
		return errors.New("-errors, -faults and -hostile: want shares ≥ 0 adding up to less than 0.5")
	case c.Duration <= 0:
		return errors.New("-duration must be positive")
	}
	if c.URL != "" {
		if _, err := url.Parse(c.URL); err != nil {
			return fmt.Errorf("-url: %w", err)
		}
	}
	return nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(mainExit(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// mainExit runs the command and returns its exit status.
func mainExit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.flags(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := cfg.check(); err != nil {
		fmt.Fprintln(stderr, "soak:", err)
		return 2
	}
	var t *target
	if cfg.URL != "" {
		t = &target{url: strings.TrimSuffix(cfg.URL, "/"), pid: cfg.PID, describe: "server at " + cfg.URL}
		if cfg.PID != 0 {
			t.describe += fmt.Sprintf(" (pid %d)", cfg.PID)
		}
	} else {
		var stopServer func()
		var err error
		t, stopServer, err = startChild(ctx, cfg.Bin, append(strings.Fields(cfg.Caps), strings.Fields(cfg.ServerArgs)...))
		if err != nil {
			fmt.Fprintln(stderr, "soak: starting the server:", err)
			return 2
		}
		defer stopServer()
	}
	res, err := run(ctx, cfg, t, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "soak:", err)
		return 2
	}
	if res.serverGone != nil {
		fmt.Fprintln(stderr, "soak:", res.serverGone)
		return 1
	}
	if n := res.kinds[kind5xx]; n > 0 {
		fmt.Fprintf(stderr, "soak: FAIL: %d unexpected 5xx\n", n)
		return 1
	}
	return 0
}

// report is one progress line.
type report struct {
	done     int64
	elapsed  time.Duration
	look     probe
	p50, p99 time.Duration
	kinds    [numKinds]int64
}

// result is what a run measured.
type result struct {
	requests    int64
	elapsed     time.Duration
	kinds       [numKinds]int64
	rows        []actionRow
	reports     []report
	end, idle   probe
	p50, p99    time.Duration
	sessions    int
	used        int
	lives       int64
	visits      int64
	serverGone  error
	stopped     string // why the run ended before -n requests, if it did
	goroutineOf string // where goroutine counts come from, or why there are none
}

// run puts the load on t and writes progress and the summary to out.
func run(ctx context.Context, cfg config, t *target, out io.Writer) (*result, error) {
	r, err := newRunner(cfg, t)
	if err != nil {
		return nil, err
	}
	names := append(append([]string{}, ctlNames...), hostileNames...)
	for n := range r.actions {
		names = append(names, n)
	}
	st := newStats(names)
	r.st = st

	look := t.look(r.control)
	res := &result{sessions: r.sessions}
	switch {
	case t.goroutines != nil:
		res.goroutineOf = "goroutines of this process (in-process server and its load together)"
	case look.goroutines >= 0:
		res.goroutineOf = "goroutines from GET /_mock/health"
	default:
		res.goroutineOf = "GET /_mock/health did not answer: Threads of /proc/PID/status stand in (a high-water mark)"
	}
	fmt.Fprintf(out, "soak: %s\n", t.describe)
	fmt.Fprintf(out, "soak: %s requests (cap %s), %d workers, %s sessions, %.1f%% X-Mock-Error, %.1f%% faults, %.1f%% hostile, seed %d\n",
		group(int64(cfg.N)), cfg.Duration, cfg.Concurrency, group(int64(r.sessions)), 100*cfg.Errors, 100*cfg.Faults, 100*cfg.Hostile, cfg.Seed)
	if cfg.URL == "" {
		fmt.Fprintf(out, "soak: server limits: %s\n", cfg.Caps)
	}
	fmt.Fprintf(out, "soak: %s\n", res.goroutineOf)
	fmt.Fprintf(out, "soak: before the load: RSS %s MiB, threads %d, fds %d\n\n", mib(look.rssKB), look.threads, look.fds)

	runCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	start := time.Now()
	gorLabel := "goroutines"
	if t.goroutines == nil && look.goroutines < 0 {
		gorLabel = "threads*"
	}
	const line = "%10s %8s %7s %11s %8s %10s %5s %7s %8s %10s %9s %7s %5s %6s\n"
	fmt.Fprintf(out, line, "requests", "elapsed", "req/s", "CPU µs/req", "RSS MiB", gorLabel, "fds", "p50 ms", "p99 ms", "ok", "injected", "fault", "5xx", "other")
	prevDone, prevCPU := int64(0), look.cpu
	emit := func() {
		rep := report{done: st.done.Load(), elapsed: time.Since(start), look: t.look(r.control), kinds: st.kindCounts()}
		counts := st.interval.snapshot(true)
		rep.p50, rep.p99 = quantile(counts, .50), quantile(counts, .99)
		res.reports = append(res.reports, rep)
		g := rep.look.goroutines
		if g < 0 {
			g = rep.look.threads
		}
		cpu := "n/a"
		if rep.look.cpu >= 0 && prevCPU >= 0 && rep.done > prevDone {
			cpu = fmt.Sprintf("%.0f", float64((rep.look.cpu-prevCPU).Microseconds())/float64(rep.done-prevDone))
		}
		prevDone, prevCPU = rep.done, rep.look.cpu
		fmt.Fprintf(out, line, group(rep.done), rep.elapsed.Round(100*time.Millisecond).String(),
			group(int64(float64(rep.done)/rep.elapsed.Seconds())), cpu, mib(rep.look.rssKB), fmt.Sprint(g), fmt.Sprint(rep.look.fds), ms(rep.p50), ms(rep.p99),
			group(rep.kinds[kindOK]), group(rep.kinds[kindInjected]), group(rep.kinds[kindFault]), group(rep.kinds[kind5xx]), group(rep.kinds[kindOther]))
	}

	// The monitor: a progress line every cfg.Every answers; the run ends if the server dies.
	monitorDone := make(chan struct{})
	var gone error
	go func() {
		defer close(monitorDone)
		next := int64(cfg.Every)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-runCtx.Done():
				return
			case <-t.exited:
				gone = fmt.Errorf("%w: %v\n%s", errServerGone, t.exitErr(), t.logTail())
				cancel()
				return
			case <-tick.C:
			}
			if st.done.Load() >= next {
				emit()
				next += int64(cfg.Every)
			}
		}
	}()

	var wg sync.WaitGroup
	for i := range cfg.Concurrency {
		w := &worker{r: r, id: i, ctx: runCtx, rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i)))}
		wg.Go(w.run)
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	switch {
	case ctx.Err() != nil:
		res.stopped = "interrupted"
	case errors.Is(runCtx.Err(), context.DeadlineExceeded): // not the monitor's cancel
		res.stopped = fmt.Sprintf("stopped at -duration %s", cfg.Duration)
	}
	cancel()
	<-monitorDone
	res.serverGone = gone
	if last := len(res.reports); gone == nil && (last == 0 || res.reports[last-1].done < st.done.Load()) {
		emit()
	}
	res.requests = st.done.Load()
	res.kinds = st.kindCounts()
	res.rows = st.actionRows()
	all := st.total.snapshot(false)
	res.p50, res.p99 = quantile(all, .50), quantile(all, .99)
	res.lives, res.visits = r.lives.Load(), r.visits.Load()
	for _, u := range r.used {
		if u {
			res.used++
		}
	}
	if gone == nil {
		res.end = res.reports[len(res.reports)-1].look
		r.client.CloseIdleConnections()
		select {
		case <-time.After(cfg.Settle):
		case <-ctx.Done():
		}
		res.idle = t.look(r.control)
	}
	summarize(out, cfg, t, r, res, st)
	return res, nil
}
