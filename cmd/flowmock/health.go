package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"time"

	"github.com/flowmock/flowmock/internal/roots"
)

// exitError is an error that asks main for a particular exit status (health's 1: Docker's
// HEALTHCHECK reads 1 as unhealthy and reserves 2).
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// defaultHealthURL is the health probe of the server this environment configures:
// loopback, on the port of $FLOWMOCK_ADDR (the image sets 0.0.0.0:8080), else 8080.
func defaultHealthURL(getenv func(string) string) string {
	port := "8080"
	if _, p, err := net.SplitHostPort(getenv("FLOWMOCK_ADDR")); err == nil && p != "" && p != "0" {
		port = p
	}
	return "http://" + net.JoinHostPort("127.0.0.1", port) + "/_mock/health"
}

// health is `flowmock health`: GET the health probe, exit 0 on 200 and 1 otherwise. It is
// the image's HEALTHCHECK (a scratch image has no curl).
func health(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("flowmock health", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", defaultHealthURL(os.Getenv), "`URL` of the health probe, or of the server (its /_mock/health is probed) (default: loopback on the port of $FLOWMOCK_ADDR, else 8080)")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this `duration`")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: flowmock health [flags]\n\nGETs the health probe; exits 0 when it answers 200, 1 otherwise.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("health takes no arguments, got %q", fs.Args())
	}
	if err := probe(ctx, probeURL(*url), *timeout); err != nil {
		return exitError{code: 1, err: err}
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// probeURL is the health probe of u: u itself, or, when u names a server (no path, or "/"),
// its /_mock/health.
func probeURL(u string) string {
	p, err := neturl.Parse(u)
	if err != nil || (p.Path != "" && p.Path != "/") {
		return u
	}
	p.Path = "/_mock/health"
	return p.String()
}

// probeClient is the client that probes: the default one over HTTP (the image's
// HEALTHCHECK), and over HTTPS one trusting the system's roots or the embedded set.
func probeClient(scheme string) *http.Client {
	if scheme != "https" {
		return http.DefaultClient
	}
	return &http.Client{Transport: roots.Transport()}
}

// probe GETs url and wants 200 within timeout.
func probe(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	res, err := probeClient(req.URL.Scheme).Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s answered %s: %s", url, res.Status, body)
	}
	return nil
}
