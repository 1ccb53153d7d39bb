package fault

import (
	"context"
	"net/http"
)

func init() { Register(Kind{Name: "empty", New: func() Fault { return new(Empty) }}) }

// Empty closes the connection without writing a single byte: the client sees an empty reply
// (EOF before the status line). It takes no attributes.
type Empty struct{}

// Name returns "empty".
func (Empty) Name() string { return "empty" }

// BreaksWire returns true.
func (Empty) BreaksWire() bool { return true }

// Apply hijacks the connection and closes it gracefully (FIN, not RST).
func (Empty) Apply(ctx context.Context, w http.ResponseWriter, _ int, _ http.Header, _ []byte) error {
	conn, err := hijack("empty", w)
	if err != nil {
		return err
	}
	return closeGracefully(ctx, conn)
}
