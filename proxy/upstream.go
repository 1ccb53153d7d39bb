// Package proxy forwards CloudFlow API calls to an upstream that speaks the wire (a region
// endpoint of the real service, or another flowmock): it takes the client's signature off,
// signs again with the upstream's credentials (V1 or V3), sends over HTTPS with the system
// roots and an embedded fallback set, and reports an upstream that does not answer as a
// transport problem. It implements mock.Upstream, which makes the mock a validating proxy,
// and verify calls the target through it.
package proxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/flowmock/flowmock/internal/roots"
	"github.com/flowmock/flowmock/mock"
)

// Defaults of Config.
const (
	// DefaultTimeout bounds one attempt: above DescribeExecution's 60 s long poll.
	DefaultTimeout = 90 * time.Second
	DefaultRetries = 2
	// MaxAnswerBytes caps an upstream answer; a larger one is a transport problem.
	MaxAnswerBytes = 8 << 20
)

// Config configures an Upstream.
type Config struct {
	// URL is the upstream, e.g. https://cn-hangzhou.fnf.aliyuncs.com. Required.
	URL string
	// Credentials sign the forwarded requests; zero forwards them unsigned.
	Credentials Credentials
	// Sign is SignAuto (as the client signed; the default), SignV1 or SignV3.
	Sign string
	// Timeout bounds each attempt; 0 means DefaultTimeout.
	Timeout time.Duration
	// Retries is how many times a transport failure is retried (reads: any failure; writes:
	// only a connection that was never made); 0 means DefaultRetries, negative none.
	Retries int
	// Client sends the requests; nil for one with the system roots (the embedded set where
	// the system has none).
	Client *http.Client
	// Now is the signing clock; nil for time.Now.
	Now func() time.Time
}

// Upstream forwards calls to one upstream. It is safe for concurrent use.
type Upstream struct {
	cfg  Config
	base *url.URL
}

// New checks cfg and returns the Upstream it describes.
func New(cfg Config) (*Upstream, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("upstream %q: want an http or https URL such as https://cn-hangzhou.fnf.aliyuncs.com", cfg.URL)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("upstream %q: give scheme, host and port only (credentials come from the environment or a credentials file)", u.Redacted())
	}
	switch cfg.Sign {
	case "":
		cfg.Sign = SignAuto
	case SignAuto, SignV1, SignV3:
	default:
		return nil, fmt.Errorf("sign %q: want auto, v1 or v3", cfg.Sign)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Retries == 0 {
		cfg.Retries = DefaultRetries
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Transport: transport(u.Scheme)}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Upstream{cfg: cfg, base: u}, nil
}

// transport is the default client's: http.DefaultTransport's settings and, for HTTPS, the
// system's roots or the embedded set (parsed here, not at start-up of every command).
func transport(scheme string) *http.Transport {
	if scheme == "https" {
		return roots.Transport()
	}
	return http.DefaultTransport.(*http.Transport).Clone()
}

// String names the upstream and the credentials, never the secret.
func (u *Upstream) String() string {
	return fmt.Sprintf("%s (sign %s, credentials %s)", u.base, u.cfg.Sign, u.cfg.Credentials)
}

// Forward implements mock.Upstream.
func (u *Upstream) Forward(ctx context.Context, req *mock.UpstreamRequest) (*mock.UpstreamResponse, error) {
	out, err := strip(req.Raw, req.Body)
	if err != nil {
		return nil, fmt.Errorf("the request cannot be re-encoded: %v", err)
	}
	version := u.cfg.Sign
	if version == SignAuto {
		version = clientVersion(req.Raw)
	}
	retries := max(u.cfg.Retries, 0)
	var last error
	for attempt := 0; attempt <= retries; attempt++ {
		if attempt > 0 {
			if err := backoff(ctx, attempt); err != nil {
				return nil, err
			}
		}
		o := *out
		o.query = cloneValues(out.query) // each attempt signs afresh: new nonce, new time
		resp, err := u.once(ctx, &o, version)
		if err == nil {
			return resp, nil
		}
		last = err
		if ctx.Err() != nil || !retryable(req.Action, err) {
			break
		}
	}
	return nil, last
}

// once sends one attempt and reads the whole answer.
func (u *Upstream) once(ctx context.Context, o *outgoing, version string) (*mock.UpstreamResponse, error) {
	hr, _, err := o.request(u.base, version, u.cfg.Credentials, u.cfg.Now())
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, u.cfg.Timeout)
	defer cancel()
	hr = hr.WithContext(ctx)
	resp, err := u.cfg.Client.Do(hr)
	if err != nil {
		return nil, u.describe(o.method, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswerBytes+1))
	if err != nil {
		return nil, u.describe(o.method, err)
	}
	if len(body) > MaxAnswerBytes {
		return nil, &transportError{what: fmt.Sprintf("%s %s: the answer is larger than %d bytes", o.method, u.base, MaxAnswerBytes)}
	}
	return &mock.UpstreamResponse{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// transportError is an upstream that did not answer; its text names the method and the
// upstream but never the query (which carries the AccessKey id and, for STS, the token).
type transportError struct {
	what  string
	dial  bool // the connection was never made: safe to retry any action
	cause error
}

func (e *transportError) Error() string { return e.what }
func (e *transportError) Unwrap() error { return e.cause }

func (u *Upstream) describe(method string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	te := &transportError{cause: err}
	var oe *net.OpError
	te.dial = errors.As(err, &oe) && oe.Op == "dial"
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		te.what = fmt.Sprintf("%s %s: no answer within %s", method, u.base, u.cfg.Timeout)
	default:
		te.what = fmt.Sprintf("%s %s: %v", method, u.base, err)
	}
	return te
}

// retryable: a read can be retried after any transport failure, a write only when its
// connection was never made (it cannot have reached the service).
func retryable(action string, err error) bool {
	var te *transportError
	if !errors.As(err, &te) {
		return false
	}
	return te.dial || IsRead(action)
}

// IsRead reports whether action only reads (Describe*, List*, Get*, Query*).
func IsRead(action string) bool {
	for _, p := range [...]string{"Describe", "List", "Get", "Query"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

func backoff(ctx context.Context, attempt int) error {
	t := time.NewTimer(time.Duration(100<<attempt) * time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
