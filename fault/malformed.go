package fault

import (
	"bytes"
	"context"
	"net/http"
)

func init() { Register(Kind{Name: "malformed", New: func() Fault { return new(Malformed) }}) }

// Malformed sends the real status and headers (Content-Type still says JSON) with a body that
// is not JSON. The HTTP exchange itself is well formed; only the payload is broken.
type Malformed struct {
	// Body is sent instead of the real body. Empty means the real body with a trailing comma
	// slipped in before its last byte ({"a":1,}), which every JSON parser refuses.
	Body string `json:"body,omitempty"`
}

// Name returns "malformed".
func (Malformed) Name() string { return "malformed" }

// BreaksWire returns true.
func (Malformed) BreaksWire() bool { return true }

// Apply writes the status, the headers and the broken body, with a matching Content-Length.
func (f Malformed) Apply(_ context.Context, w http.ResponseWriter, status int, header http.Header, body []byte) error {
	b := []byte(f.Body)
	if f.Body == "" {
		b = corrupt(body)
	}
	writeHead(w, status, header, len(b))
	_, err := w.Write(b)
	return err
}

// corrupt returns body with a comma inserted before its last byte: "{...}" becomes "{...,}".
func corrupt(body []byte) []byte {
	t := bytes.TrimRight(body, " \t\r\n")
	if len(t) == 0 {
		return []byte("{,}")
	}
	out := make([]byte, 0, len(t)+1)
	out = append(out, t[:len(t)-1]...)
	out = append(out, ',', t[len(t)-1])
	return out
}
