package fault_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/flowmock/flowmock/clock"
	"github.com/flowmock/flowmock/fault"
)

// body is what the mock would have sent: a small, valid ListExecutions page.
var body = []byte(`{"RequestId":"69AD2AA7-DB47-449B-941B-B14409DF1234","Executions":[{"Name":"e1","FlowName":"demo_flow","Status":"Succeeded"}]}`)

var header = http.Header{
	"Content-Type":     {"application/json;charset=utf-8"},
	"X-Acs-Request-Id": {"69AD2AA7-DB47-449B-941B-B14409DF1234"},
}

// flushCounter counts the flushes that reach the real ResponseWriter.
type flushCounter struct {
	http.ResponseWriter
	flushes atomic.Int32
}

func (f *flushCounter) Flush() {
	f.flushes.Add(1)
	http.NewResponseController(f.ResponseWriter).Flush()
}

func (f *flushCounter) Unwrap() http.ResponseWriter { return f.ResponseWriter }

// serve starts a loopback server whose handler applies f and reports Apply's result on the
// returned channel. The client never reuses connections, so Go's transport never retries.
func serve(t *testing.T, f fault.Fault, status int) (*httptest.Server, *http.Client, <-chan error, *flushCounter) {
	t.Helper()
	errc := make(chan error, 1)
	fc := new(flushCounter)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fc.ResponseWriter = w
		errc <- f.Apply(r.Context(), fc, status, header, body)
	}))
	t.Cleanup(srv.Close)
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return srv, &http.Client{Transport: tr}, errc, fc
}

// wait returns Apply's result; the guard only keeps a broken fault from hanging the run.
func wait(t *testing.T, errc <-chan error) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Minute):
		t.Fatal("Apply did not return")
		return nil
	}
}

func TestWire(t *testing.T) {
	tests := []struct {
		name  string
		fault fault.Fault
		check func(t *testing.T, resp *http.Response, err error)
	}{
		{
			name:  "reset is a connection reset",
			fault: fault.Reset{},
			check: func(t *testing.T, resp *http.Response, err error) {
				if !errors.Is(err, syscall.ECONNRESET) {
					t.Errorf("Get error = %v, want ECONNRESET", err)
				}
			},
		},
		{
			name:  "empty is EOF before any response",
			fault: fault.Empty{},
			check: func(t *testing.T, resp *http.Response, err error) {
				if !errors.Is(err, io.EOF) {
					t.Errorf("Get error = %v, want io.EOF", err)
				}
			},
		},
		{
			name:  "truncate is an unexpected EOF in the body",
			fault: &fault.Truncate{Fraction: 0.5},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				if got, want := resp.ContentLength, int64(len(body)); got != want {
					t.Errorf("ContentLength = %d, want %d", got, want)
				}
				got, err := io.ReadAll(resp.Body)
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("ReadAll error = %v, want io.ErrUnexpectedEOF", err)
				}
				if want := body[:len(body)/2]; string(got) != string(want) {
					t.Errorf("body = %q, want %q", got, want)
				}
			},
		},
		{
			name:  "truncate to nothing",
			fault: &fault.Truncate{Fraction: 0},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				got, err := io.ReadAll(resp.Body)
				if !errors.Is(err, io.ErrUnexpectedEOF) || len(got) != 0 {
					t.Errorf("ReadAll = %q, %v; want nothing and io.ErrUnexpectedEOF", got, err)
				}
			},
		},
		{
			name:  "malformed keeps status and type but fails json.Unmarshal",
			fault: fault.Malformed{},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				if got, want := resp.StatusCode, http.StatusOK; got != want {
					t.Errorf("status = %d, want %d", got, want)
				}
				if got, want := resp.Header.Get("Content-Type"), "application/json;charset=utf-8"; got != want {
					t.Errorf("Content-Type = %q, want %q", got, want)
				}
				b, err := io.ReadAll(resp.Body)
				if err != nil {
					t.Fatalf("ReadAll: %v", err)
				}
				var v any
				if err := json.Unmarshal(b, &v); err == nil {
					t.Errorf("json.Unmarshal(%q) succeeded, want an error", b)
				}
			},
		},
		{
			name:  "malformed with a body of its own",
			fault: fault.Malformed{Body: "<html><body>502 Bad Gateway</body></html>"},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err != nil {
					t.Fatalf("Get: %v", err)
				}
				b, _ := io.ReadAll(resp.Body)
				if got, want := string(b), "<html><body>502 Bad Gateway</body></html>"; got != want {
					t.Errorf("body = %q, want %q", got, want)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client, errc, _ := serve(t, tt.fault, http.StatusOK)
			resp, err := client.Get(srv.URL)
			if resp != nil {
				defer resp.Body.Close()
			}
			tt.check(t, resp, err)
			if resp != nil {
				_, _ = io.Copy(io.Discard, resp.Body)
			}
			if err := wait(t, errc); err != nil {
				t.Errorf("Apply = %v, want nil", err)
			}
		})
	}
}

func TestDribble(t *testing.T) {
	tests := []struct {
		name        string
		chunks      int
		wantFlushes int32
	}{
		{"five chunks", 5, 5},
		{"one chunk", 1, 1},
		{"more chunks than bytes", 10 * len(body), int32(len(body))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fault.Dribble{Chunks: tt.chunks, Duration: fault.Duration(5 * time.Millisecond)}
			srv, client, errc, fc := serve(t, f, http.StatusOK)
			resp, err := client.Get(srv.URL)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("ReadAll: %v", err)
			}
			if string(got) != string(body) {
				t.Errorf("body = %q, want %q", got, body)
			}
			if err := wait(t, errc); err != nil {
				t.Errorf("Apply = %v, want nil", err)
			}
			if got := fc.flushes.Load(); got != tt.wantFlushes {
				t.Errorf("flushes = %d, want %d", got, tt.wantFlushes)
			}
		})
	}
}

// TestCancel checks that a client going away ends the waits: a dribble between two pieces,
// and a scenario latency (Sleep on the request context).
func TestCancel(t *testing.T) {
	t.Run("dribble", func(t *testing.T) {
		f := &fault.Dribble{Chunks: 2, Duration: fault.Duration(time.Hour)}
		srv, client, errc, _ := serve(t, f, http.StatusOK)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		defer resp.Body.Close()
		first := make([]byte, len(body)/2)
		if _, err := io.ReadFull(resp.Body, first); err != nil { // the first piece arrived: Apply now waits an hour
			t.Fatalf("reading the first piece: %v", err)
		}
		cancel()
		if err := wait(t, errc); !errors.Is(err, context.Canceled) {
			t.Errorf("Apply = %v, want context.Canceled", err)
		}
	})
	t.Run("latency", func(t *testing.T) {
		started := make(chan struct{})
		errc := make(chan error, 1)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(started)
			errc <- clock.Sleep(r.Context(), time.Hour)
		}))
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		done := make(chan error, 1)
		go func() {
			resp, err := srv.Client().Do(req)
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		<-started
		cancel()
		if err := wait(t, errc); !errors.Is(err, context.Canceled) {
			t.Errorf("Sleep = %v, want context.Canceled", err)
		}
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Do = %v, want context.Canceled", err)
		}
	})
}

func TestHijackUnsupported(t *testing.T) {
	for _, f := range []fault.Fault{fault.Reset{}, fault.Empty{}} {
		t.Run(f.Name(), func(t *testing.T) {
			err := f.Apply(context.Background(), httptest.NewRecorder(), http.StatusOK, header, body)
			if !errors.Is(err, http.ErrNotSupported) {
				t.Errorf("Apply on a recorder = %v, want an error wrapping http.ErrNotSupported", err)
			}
		})
	}
}
