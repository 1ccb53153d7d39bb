package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// summarize writes the summary table, the per-action table and the problems seen.
func summarize(out io.Writer, cfg config, t *target, r *runner, res *result, st *stats) {
	stopped := ""
	if res.stopped != "" {
		stopped = " (" + res.stopped + ")"
	}
	fmt.Fprintf(out, "\nsoak summary: %s requests%s in %s (%s/s), %d workers; %s lives over %s of %s sessions, %s visits\n",
		group(res.requests), stopped, res.elapsed.Round(100*time.Millisecond), group(int64(float64(res.requests)/res.elapsed.Seconds())),
		cfg.Concurrency, group(res.lives), group(int64(res.used)), group(int64(res.sessions)), group(res.visits))
	if res.serverGone != nil {
		fmt.Fprintf(out, "THE SERVER DIED: %v\n", res.serverGone)
		return
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	verdict := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "FAIL"
	}
	first := res.reports[0]
	fmt.Fprintln(tw, "measure\tvalue\tgoal\tverdict")
	fmt.Fprintf(tw, "RSS after the first %s requests\t%s MiB\t\t\n", group(first.done), mib(first.look.rssKB))
	if first.look.rssKB > 0 && res.end.rssKB > 0 {
		ratio := float64(res.end.rssKB) / float64(first.look.rssKB)
		fmt.Fprintf(tw, "RSS at the end\t%s MiB (%.2f×)\t≤ 2× the first\t%s\n", mib(res.end.rssKB), ratio, verdict(ratio <= 2))
	} else {
		fmt.Fprintf(tw, "RSS at the end\tn/a (no process to read)\t≤ 2× the first\t-\n")
	}
	fmt.Fprintf(tw, "RSS after %s idle / peak (VmHWM)\t%s / %s MiB\t\t\n", cfg.Settle, mib(res.idle.rssKB), mib(res.idle.hwmKB))
	switch {
	case res.end.goroutines >= 0:
		fmt.Fprintf(tw, "goroutines at the end / after %s idle\t%d / %d\t\t\n", cfg.Settle, res.end.goroutines, res.idle.goroutines)
	default:
		fmt.Fprintf(tw, "goroutines at the end\tn/a: Threads %d at the end, %d idle (first report %d)\t\t\n", res.end.threads, res.idle.threads, first.look.threads)
	}
	fmt.Fprintf(tw, "open descriptors at the end / idle\t%d / %d\t\t\n", res.end.fds, res.idle.fds)
	fmt.Fprintf(tw, "unexpected 5xx\t%s\t0\t%s\n", group(res.kinds[kind5xx]), verdict(res.kinds[kind5xx] == 0))
	fmt.Fprintf(tw, "other errors\t%s\t0\t%s\n", group(res.kinds[kindOther]), verdict(res.kinds[kindOther] == 0))
	fmt.Fprintf(tw, "expected: injected errors\t%s (%s)\t≈ %.1f%%\t\n", group(res.kinds[kindInjected]), pct(res.kinds[kindInjected], res.requests), 100*cfg.Errors)
	fmt.Fprintf(tw, "expected: faults\t%s (%s)\t≈ %.1f%%\t\n", group(res.kinds[kindFault]), pct(res.kinds[kindFault], res.requests), 100*cfg.Faults)
	fmt.Fprintf(tw, "expected: answers of a global limit (life cut short)\t%s (%s)\t\t\n", group(res.kinds[kindLimited]), pct(res.kinds[kindLimited], res.requests))
	fmt.Fprintf(tw, "latency p50 / p99, all requests\t%s / %s ms\t\t\n", ms(res.p50), ms(res.p99))
	if t.logProblems != nil {
		fmt.Fprintf(tw, "server log lines at WARN or ERROR\t%d\t\t\n", t.logProblems())
	}
	for _, key := range []string{"evict", "limit_reached", "journal_bytes", "journal_dropped", "journal_truncated"} {
		m := metricsMatching(r.control, key)
		for _, name := range slices.Sorted(maps.Keys(m)) {
			fmt.Fprintf(tw, "%s (metrics)\t%s\t\t\n", name, group(int64(m[name])))
		}
	}
	tw.Flush()
	fmt.Fprintln(out, "\nhostile requests by answer (status and code):")
	for _, l := range r.hostileClasses.lines() {
		fmt.Fprintln(out, "  "+l)
	}
	if res.end.goroutines < 0 {
		fmt.Fprintln(out, "* threads: "+res.goroutineOf)
	}

	fmt.Fprintln(out)
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "request\tsent\tshare\tp50 ms\tp99 ms\tok\tinjected\tfault\t5xx\tother\t")
	var missing []string
	for _, row := range res.rows {
		if row.total == 0 {
			if !strings.HasPrefix(row.name, "ctl ") {
				missing = append(missing, row.name)
			}
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", row.name, group(row.total), pct(row.total, res.requests), ms(row.p50), ms(row.p99),
			group(row.kinds[kindOK]), group(row.kinds[kindInjected]), group(row.kinds[kindFault]), group(row.kinds[kind5xx]), group(row.kinds[kindOther]))
	}
	tw.Flush()
	if len(missing) > 0 {
		fmt.Fprintf(out, "actions not sent (too few requests?): %s\n", strings.Join(missing, ", "))
	}
	st.mu.Lock()
	samples := append([]string(nil), st.samples...)
	st.mu.Unlock()
	if len(samples) > 0 {
		fmt.Fprintf(out, "\nfirst problems (of %s):\n", group(res.kinds[kind5xx]+res.kinds[kindOther]))
		for _, s := range samples {
			fmt.Fprintln(out, "  "+s)
		}
	}
	if t.logProblems != nil && t.logProblems() > 0 {
		fmt.Fprintf(out, "\nlast server log lines at WARN or ERROR:\n%s\n", t.logTail())
	}
}
