package mock

import (
	"net/http"
	"slices"
	"strings"
)

// exposed are the response headers browsers may read.
const exposed = "x-acs-request-id, X-Ratelimit-User-Api, Retry-After"

// cors adds CORS headers for an allowed Origin and answers preflights. It reports whether
// the request was a preflight (already answered).
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := header(r.Header, "Origin")
	if origin == "" || s.cfg.CORSOrigins == nil {
		return false
	}
	allowed := slices.Contains(s.cfg.CORSOrigins, "*") || slices.Contains(s.cfg.CORSOrigins, origin)
	if !allowed {
		return false
	}
	return s.corsHeaders(w, r, origin)
}

// corsHeaders adds the CORS headers for an allowed origin and answers a preflight; it
// reports whether it did.
func (s *Server) corsHeaders(w http.ResponseWriter, r *http.Request, origin string) bool {
	h := w.Header()
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", exposed)
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
	// Reflect the requested headers: the mock's own (X-Mock-Session, X-Mock-Scenario,
	// X-Mock-Error, Prefer) and the SDKs' (x-acs-*, Authorization, Content-Type) all pass.
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
		h.Set("Access-Control-Allow-Headers", req)
		h.Add("Vary", "Access-Control-Request-Headers")
	}
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}

// ParseOrigins reads a --cors value: "*" (any origin), "" or "off" (no CORS), or a
// comma-separated list of origins.
func ParseOrigins(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" || v == "off" {
		return nil
	}
	var out []string
	for _, o := range strings.Split(v, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, strings.TrimSuffix(o, "/"))
		}
	}
	return out
}
