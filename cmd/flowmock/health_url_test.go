package main

import (
	"net/http"
	"testing"
)

func TestProbeURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"server without path", "http://127.0.0.1:8080", "http://127.0.0.1:8080/_mock/health"},
		{"server with slash", "http://localhost:9/", "http://localhost:9/_mock/health"},
		{"probe itself", "http://127.0.0.1:8080/_mock/health", "http://127.0.0.1:8080/_mock/health"},
		{"another path kept", "http://h/custom", "http://h/custom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := probeURL(tt.in); got != tt.want {
				t.Errorf("probeURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestProbeClient: the image's HTTP probe uses the default client (no root pool parsed);
// an HTTPS probe trusts the system's roots or the embedded set.
func TestProbeClient(t *testing.T) {
	if got := probeClient("http"); got != http.DefaultClient {
		t.Errorf("http: got %+v, want http.DefaultClient", got)
	}
	tr, ok := probeClient("https").Transport.(*http.Transport)
	if !ok || tr.TLSClientConfig == nil || tr.TLSClientConfig.RootCAs == nil {
		t.Errorf("https: got transport %T without roots, want one trusting internal/roots.Pool()", probeClient("https").Transport)
	}
}
