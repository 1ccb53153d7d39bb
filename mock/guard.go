package mock

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// guard protects the control plane. It answers and returns true when the request must not
// reach it:
//
//   - a cross-origin request (an Origin header other than the server's own) from an origin
//     not in Config.ControlOrigins is 403, preflight or not, so a web page a developer visits
//     cannot reset sessions or read the journal, even with a request the browser sends
//     without asking;
//   - with Config.ControlToken set, every control-plane request but GET /_mock/health and the
//     console's static files needs "Authorization: Bearer TOKEN": none is 401, another 403.
//
// Allowed cross-origin requests get their CORS headers (and preflights their answer) here.
func (s *Server) guard(w http.ResponseWriter, r *http.Request) bool {
	if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r) {
		if !slices.Contains(s.cfg.ControlOrigins, "*") && !slices.Contains(s.cfg.ControlOrigins, origin) {
			writeJSON(w, http.StatusForbidden, controlError{Error: "the control plane does not take requests from origin " + origin +
				"; allow it with --control-cors (the API's --cors does not cover /_mock/)"})
			return true
		}
		if s.corsHeaders(w, r, origin) {
			return true // a preflight, answered
		}
	}
	if s.cfg.ControlToken == "" || open(r) {
		return false
	}
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	switch {
	case auth == "" || !ok:
		w.Header().Set("WWW-Authenticate", `Bearer realm="flowmock control plane"`)
		writeJSON(w, http.StatusUnauthorized, controlError{Error: "the control plane needs Authorization: Bearer <token> (the server's --control-token); the console takes it as /_mock/ui/#token=<token>"})
		return true
	case subtle.ConstantTimeCompare([]byte(token), []byte(s.cfg.ControlToken)) != 1:
		writeJSON(w, http.StatusForbidden, controlError{Error: "the control-plane token is wrong"})
		return true
	}
	return false
}

// open reports whether r may reach the control plane without the token: the health probe
// and the console's static files (the console then calls the API with the token).
func open(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	return r.URL.Path == ControlPrefix+"health" || strings.HasPrefix(r.URL.Path, ControlPrefix+"ui")
}

// sameOrigin reports whether origin is the server's own (the console's page).
func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host && (u.Scheme == "http" || u.Scheme == "https")
}
