package fault

import (
	"context"
	"net/http"
)

func init() { Register(Kind{Name: "reset", New: func() Fault { return new(Reset) }}) }

// Reset closes the connection with a TCP reset before any response byte: the client sees
// "connection reset by peer". It takes no attributes.
type Reset struct{}

// Name returns "reset".
func (Reset) Name() string { return "reset" }

// BreaksWire returns true.
func (Reset) BreaksWire() bool { return true }

// Apply hijacks the connection, sets SO_LINGER to 0 and closes it, so the kernel sends RST.
func (Reset) Apply(_ context.Context, w http.ResponseWriter, _ int, _ http.Header, _ []byte) error {
	conn, err := hijack("reset", w)
	if err != nil {
		return err
	}
	if l, ok := conn.(interface{ SetLinger(int) error }); ok {
		_ = l.SetLinger(0)
	}
	return conn.Close()
}
