package fault

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// drainTimeout bounds how long a closing connection waits for the client to close its side.
const drainTimeout = 2 * time.Second

// hijack takes the connection over from net/http. The error wraps http.ErrNotSupported when w
// cannot be hijacked.
func hijack(name string, w http.ResponseWriter) (net.Conn, error) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, fmt.Errorf("fault: %s: hijack: %w", name, err)
	}
	return rawConn(conn), nil
}

// rawConn returns the transport connection under a TLS connection, so that closing it writes
// nothing more (no close_notify alert).
func rawConn(c net.Conn) net.Conn {
	for {
		u, ok := c.(interface{ NetConn() net.Conn })
		if !ok {
			return c
		}
		c = u.NetConn()
	}
}

// closeGracefully half-closes conn (the client reads EOF), waits until the client closes its
// side, ctx is done or drainTimeout passes, and closes. Waiting keeps unread client bytes from
// turning the close into a reset, which would hide the EOF the fault is about.
func closeGracefully(ctx context.Context, conn net.Conn) error {
	if cw, ok := conn.(interface{ CloseWrite() error }); ok && cw.CloseWrite() == nil {
		_ = conn.SetReadDeadline(time.Now().Add(drainTimeout))
		stop := context.AfterFunc(ctx, func() { _ = conn.SetReadDeadline(time.Now()) })
		_, _ = io.Copy(io.Discard, conn)
		stop()
	}
	return conn.Close()
}
