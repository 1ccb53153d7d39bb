package mock

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
)

// guard protects the control plane. It answers and returns true when the request must not
// reach it:
//
//   - without Config.ControlToken, a request whose Host is neither a loopback address
//     (127.0.0.0/8, ::1, localhost) nor one of Config.ControlHosts is 403, so a page on a
//     rebinding domain (evil.example resolving to 127.0.0.1) cannot reach it; GET
//     /_mock/health stays open to probes;
//   - a cross-origin request (an Origin other than the page's own on a trusted host) from an
//     origin not in Config.ControlOrigins is 403, preflight or not, so a web page a developer
//     visits cannot reset sessions or read the journal, even with a request the browser sends
//     without asking;
//   - with Config.ControlToken set, the token is the trust: every control-plane request but
//     GET /_mock/health and the console's static files needs "Authorization: Bearer TOKEN"
//     (scheme in any case): none is 401, another 403. Any Host is then accepted.
//
// Allowed cross-origin requests get their CORS headers (and preflights their answer) here.
func (s *Server) guard(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.ControlToken == "" && !s.trustedHost(r.Host) && !health(r) {
		writeJSON(w, http.StatusForbidden, controlError{Error: "the control plane does not answer requests for host " + quote(r.Host) +
			" (a DNS-rebinding guard): it answers loopback hosts (127.0.0.1, [::1], localhost) and the names given with --control-hosts, or any host with --control-token"})
		return true
	}
	if origin := r.Header.Get("Origin"); origin != "" && !s.ownOrigin(origin, r) {
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
	scheme, token, _ := strings.Cut(strings.TrimSpace(auth), " ")
	switch {
	case !strings.EqualFold(scheme, "Bearer"):
		w.Header().Set("WWW-Authenticate", `Bearer realm="flowmock control plane"`)
		writeJSON(w, http.StatusUnauthorized, controlError{Error: "the control plane needs Authorization: Bearer <token> (the server's --control-token); the console takes it as /_mock/ui/#token=<token>"})
		return true
	case subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.cfg.ControlToken)) != 1:
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
	return health(r) || strings.HasPrefix(r.URL.Path, ControlPrefix+"ui")
}

// health reports whether r is the health probe, open to any host (container probes use the
// container's address).
func health(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.URL.Path == ControlPrefix+"health"
}

// ownOrigin reports whether origin is the page's own (the console's): the request's Host,
// over http or https, on a trusted host, or on any host when a token is the trust.
func (s *Server) ownOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host != r.Host || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return s.cfg.ControlToken != "" || s.trustedHost(u.Host)
}

// trustedHost reports whether host (a Host header: name or address, with or without a port)
// is loopback or one of Config.ControlHosts.
func (s *Server) trustedHost(host string) bool {
	name := hostName(host)
	if name == "" {
		return false
	}
	if name == "localhost" {
		return true
	}
	if ip, err := netip.ParseAddr(name); err == nil && ip.Unmap().IsLoopback() {
		return true
	}
	for _, h := range s.cfg.ControlHosts {
		if h == "*" || strings.EqualFold(hostName(h), name) {
			return true
		}
	}
	return false
}

// hostName is the lower-case name or address of a Host value, without port, brackets or a
// final dot.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.ToLower(strings.TrimSuffix(host, "."))
}

// ParseHosts reads a --control-hosts value: a comma-separated list of host names or
// addresses (a port is ignored), or "*" for any host.
func ParseHosts(v string) []string {
	var out []string
	for _, h := range strings.Split(v, ",") {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out
}
