// Package console serves flowmock's web console: one static page under Prefix that shows the
// live request journal, the scenarios, and a session's active scenario with controls to switch,
// clear and reset it. The page talks only to the CloudFlow API and the control-plane JSON API
// on the same origin (/_mock/…), the latter through the vendored openapi-fetch typed by the
// contract (console/types/control.d.ts, generated; tsc checks the scripts at test time). It
// is served as committed, with no build step at run time, and loads nothing from elsewhere.
//
// Mount Handler on both Prefix and Prefix+"/":
//
//	mux.Handle(console.Prefix, console.Handler())
//	mux.Handle(console.Prefix+"/", console.Handler())
package console

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// Prefix is the path the console is served under.
const Prefix = "/_mock/ui"

//go:embed assets
var assets embed.FS

// contentTypes maps the extensions of the embedded assets to their Content-Type. Every asset
// needs one: Handler panics on an asset with another extension, so the package's tests catch
// it rather than the asset going unserved.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
}

// csp keeps the page to its own origin: its script, its stylesheet and the control plane.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type asset struct {
	body        []byte
	contentType string
	etag        string
}

type handler struct {
	files map[string]asset // by name under Prefix, "index.html" for the page itself
}

// Handler returns the console's handler. It serves index.html at Prefix and Prefix+"/", and
// the page's assets at Prefix+"/NAME" (GET and HEAD, Cache-Control: no-cache with an ETag).
// Anything else under Prefix is a JSON error, 404 for an unknown name and 405 for another
// method, like the rest of the control plane.
func Handler() http.Handler {
	h := &handler{files: map[string]asset{}}
	err := fs.WalkDir(assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ct, ok := contentTypes[path.Ext(p)]
		if !ok {
			return fmt.Errorf("%s: no Content-Type for extension %q (add it to contentTypes)", p, path.Ext(p))
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h.files[strings.TrimPrefix(p, "assets/")] = asset{body: b, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	if err != nil { // the assets are embedded: the package's tests, which call Handler, catch this
		panic("console: embedded assets: " + err.Error())
	}
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok || (name != "" && name[0] != '/') {
		writeError(w, http.StatusNotFound, "no console page "+r.URL.Path+"; the console is at "+Prefix+"/")
		return
	}
	name = strings.TrimPrefix(name, "/")
	if name == "" {
		name = "index.html"
	}
	a, ok := h.files[name]
	if !ok {
		writeError(w, http.StatusNotFound, "no console asset "+r.URL.Path+"; the console is at "+Prefix+"/")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on "+r.URL.Path+"; use GET")
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", a.contentType)
	hd.Set("Cache-Control", "no-cache")
	hd.Set("ETag", a.etag)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if a.contentType == contentTypes[".html"] {
		hd.Set("Content-Security-Policy", csp)
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
}

// writeError answers {"error": msg}, as the control plane does.
func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(struct {
		Error string `json:"error"`
	}{msg})
}
