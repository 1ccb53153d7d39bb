package fault

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/flowmock/flowmock/clock"
)

func init() {
	Register(Kind{Name: "dribble", New: func() Fault { return &Dribble{Chunks: 5, Duration: Duration(time.Second)} }})
}

// Dribble sends the whole, valid response, but slowly: the body goes out in Chunks pieces
// spread over Duration, each flushed on its own. It exercises client read timeouts and
// streaming parsers; the bytes are intact, so it does not break the wire.
type Dribble struct {
	// Chunks is the number of pieces the body is cut into. Default 5. It is lowered to the
	// body's length when the body is shorter.
	Chunks int `json:"chunks" jsonschema:"minimum=1,default=5"`
	// Duration is the time from the first piece to the last. Default 1s.
	Duration Duration `json:"duration"`
}

// Name returns "dribble".
func (Dribble) Name() string { return "dribble" }

// BreaksWire returns false: the response is complete and valid, only slow.
func (Dribble) BreaksWire() bool { return false }

// Validate checks that Chunks is at least 1.
func (f Dribble) Validate() error {
	if f.Chunks < 1 {
		return &AttrError{Type: "dribble", Attr: "chunks", Err: fmt.Errorf("must be at least 1, got %d", f.Chunks)}
	}
	return nil
}

// Apply writes the status and headers (with the full Content-Length), then the body piece by
// piece, flushing each and waiting Duration/(Chunks-1) between pieces. When ctx is done it
// stops and returns ctx.Err(); net/http then closes the connection, since less was written
// than declared.
func (f Dribble) Apply(ctx context.Context, w http.ResponseWriter, status int, header http.Header, body []byte) error {
	n := max(min(f.Chunks, len(body)), 1)
	var gap time.Duration
	if n > 1 {
		gap = time.Duration(f.Duration) / time.Duration(n-1)
	}
	rc := http.NewResponseController(w)
	writeHead(w, status, header, len(body))
	for i := range n {
		if i > 0 {
			if err := clock.Sleep(ctx, gap); err != nil {
				return err
			}
		}
		if _, err := w.Write(body[i*len(body)/n : (i+1)*len(body)/n]); err != nil {
			return err
		}
		if err := rc.Flush(); err != nil {
			return fmt.Errorf("fault: dribble: %w", err)
		}
	}
	return nil
}
