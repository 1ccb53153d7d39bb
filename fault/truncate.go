package fault

import (
	"context"
	"fmt"
	"net/http"
)

func init() { Register(Kind{Name: "truncate", New: func() Fault { return &Truncate{Fraction: 0.5} }}) }

// Truncate declares the full Content-Length but sends only the first part of the body, then
// the connection closes: the client sees an unexpected EOF while reading the body.
type Truncate struct {
	// Fraction is the share of the body sent before closing, in [0, 1). Default 0.5. At least
	// one byte is always missing.
	Fraction float64 `json:"fraction" jsonschema:"minimum=0,exclusiveMaximum=1,default=0.5"`
}

// Name returns "truncate".
func (Truncate) Name() string { return "truncate" }

// BreaksWire returns true.
func (Truncate) BreaksWire() bool { return true }

// Validate checks that Fraction is in [0, 1).
func (f Truncate) Validate() error {
	if !(f.Fraction >= 0 && f.Fraction < 1) {
		return &AttrError{Type: "truncate", Attr: "fraction", Err: fmt.Errorf("must be at least 0 and below 1, got %v", f.Fraction)}
	}
	return nil
}

// Apply writes the status and headers with the full Content-Length and a prefix of the body,
// flushes, and returns. net/http closes a connection whose handler wrote less than it
// declared, so the client never receives the rest.
func (f Truncate) Apply(_ context.Context, w http.ResponseWriter, status int, header http.Header, body []byte) error {
	declared := len(body)
	keep := min(int(float64(len(body))*f.Fraction), len(body)-1)
	if declared == 0 {
		declared, keep = 1, 0
	}
	keep = max(keep, 0)
	writeHead(w, status, header, declared)
	if _, err := w.Write(body[:keep]); err != nil {
		return err
	}
	return http.NewResponseController(w).Flush()
}
