package proxy

import (
	"crypto/x509"
	"net/http"
	"testing"
)

// TestDefaultClientRoots: without Config.Client, an HTTPS upstream is dialled trusting the
// system's roots or the embedded set (internal/roots), and a plain-HTTP upstream does not
// build a pool at all.
func TestDefaultClientRoots(t *testing.T) {
	tests := []struct {
		name      string
		url       string
		wantRoots bool
	}{
		{name: "https", url: "https://cn-hangzhou.fnf.aliyuncs.com", wantRoots: true},
		{name: "http", url: "http://127.0.0.1:8080", wantRoots: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := New(Config{URL: tt.url})
			if err != nil {
				t.Fatal(err)
			}
			tr, ok := u.cfg.Client.Transport.(*http.Transport)
			if !ok {
				t.Fatalf("transport: got %T, want *http.Transport", u.cfg.Client.Transport)
			}
			var pool *x509.CertPool
			if tr.TLSClientConfig != nil {
				pool = tr.TLSClientConfig.RootCAs
			}
			if got := pool != nil && !pool.Equal(x509.NewCertPool()); got != tt.wantRoots {
				t.Errorf("root pool set and not empty: got %v, want %v", got, tt.wantRoots)
			}
			if !tr.ForceAttemptHTTP2 {
				t.Error("ForceAttemptHTTP2: got false, want http.DefaultTransport's true")
			}
		})
	}
}
