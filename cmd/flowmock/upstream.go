package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/flowmock/flowmock/conform"
	"github.com/flowmock/flowmock/mock"
	"github.com/flowmock/flowmock/proxy"
	"github.com/flowmock/flowmock/report"
)

// upstreamFlags are the flags proxy and verify share: where the upstream is, how requests to
// it are signed, and where the reports go. Credentials never come from flags (they would
// show in ps and shell history): see proxy.LoadCredentials.
type upstreamFlags struct {
	cfg     proxy.Config
	reports []string
}

func (u *upstreamFlags) flags(fs *flag.FlagSet, urlFlag, urlHelp string) {
	fs.StringVar(&u.cfg.URL, urlFlag, "", urlHelp)
	fs.StringVar(&u.cfg.Sign, "sign", proxy.SignAuto, "how requests to the upstream are signed: `auto` (as the client signed; V1 for unsigned), v1 or v3; credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (/ ALIBABA_CLOUD_SECURITY_TOKEN), ~/.alibabacloud/credentials or ~/.aliyun/config.json")
	fs.DurationVar(&u.cfg.Timeout, "upstream-timeout", proxy.DefaultTimeout, "each upstream attempt must answer within this `duration` (a timeout is a transport problem, not a violation)")
	fs.IntVar(&u.cfg.Retries, "upstream-retries", proxy.DefaultRetries, "retries of an upstream that did not answer (reads after any failure, writes only when no connection was made); -1 for none")
	fs.Func("report", "write the violations to `file` at exit: JUnit XML when it ends in .xml, JSON otherwise (repeatable)", func(p string) error {
		u.reports = append(u.reports, p)
		return nil
	})
}

// build loads the credentials and checks the upstream.
func (u *upstreamFlags) build(urlFlag string) (*proxy.Upstream, error) {
	if u.cfg.URL == "" {
		return nil, fmt.Errorf("--%s is required, e.g. --%s https://cn-hangzhou.fnf.aliyuncs.com", urlFlag, urlFlag)
	}
	home, _ := os.UserHomeDir()
	cred, err := proxy.LoadCredentials(os.Getenv, home)
	if err != nil {
		return nil, err
	}
	u.cfg.Credentials = cred
	return proxy.New(u.cfg)
}

// write writes rep to every --report file.
func (u *upstreamFlags) write(rep *report.Report) error {
	for _, p := range u.reports {
		if err := rep.WriteFile(p); err != nil {
			return err
		}
	}
	return nil
}

// violationsReport turns what the proxy saw into a report: a case per action it checked or
// failed to reach.
func violationsReport(v mock.Violations, target string, started time.Time) *report.Report {
	rep := &report.Report{Tool: "flowmock proxy", Target: target, Started: started.UTC(), Finished: time.Now().UTC()}
	cases := map[string]*report.Case{}
	kase := func(action string) *report.Case {
		if c, ok := cases[action]; ok {
			return c
		}
		c := &report.Case{Name: action}
		cases[action] = c
		return c
	}
	for action, n := range v.Checked {
		kase(action).Checked = n
	}
	for _, r := range v.Violations {
		c := kase(r.Action)
		c.Violations = append(c.Violations, conform.Violation(r.Violation))
	}
	for _, t := range v.Transport {
		c := kase(t.Action)
		c.Transport = append(c.Transport, t.Error)
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		rep.Cases = append(rep.Cases, *cases[n])
	}
	return rep
}

// totals is the one-line summary of a report.
func totals(rep *report.Report) string {
	checked := 0
	var failed []string
	for i := range rep.Cases {
		checked += rep.Cases[i].Checked
		if rep.Cases[i].Failed() {
			failed = append(failed, rep.Cases[i].Name)
		}
	}
	v, t, e := rep.Totals()
	s := fmt.Sprintf("%d answers checked, %d violations, %d transport problems, %d failed steps", checked, v, t, e)
	if len(failed) > 0 {
		s += " (" + strings.Join(failed, ", ") + ")"
	}
	return s
}
