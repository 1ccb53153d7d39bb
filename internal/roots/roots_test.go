package roots

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"testing"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// TestChoose: the system's roots are kept when it has some; the embedded set is used when it
// has none (the scratch image) or they cannot be read.
func TestChoose(t *testing.T) {
	own := selfSigned(t, "flowmock test root")
	system := x509.NewCertPool()
	system.AddCert(own)
	isrg := embeddedRoot(t, "ISRG Root X1")
	tests := []struct {
		name         string
		system       *x509.CertPool
		err          error
		wantOwn      bool // the system's pool, which trusts own
		wantEmbedded bool // the embedded set, which trusts ISRG Root X1
	}{
		{name: "system has roots", system: system, wantOwn: true},
		{name: "system has none", system: x509.NewCertPool(), wantEmbedded: true},
		{name: "system roots unreadable", err: errors.New("open /etc/ssl/certs: permission denied"), wantEmbedded: true},
		{name: "no pool, no error", wantEmbedded: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := choose(tt.system, tt.err)
			if got == nil {
				t.Fatal("got a nil pool, want one")
			}
			if trusts(got, own) != tt.wantOwn {
				t.Errorf("trusts the system's root: got %v, want %v", !tt.wantOwn, tt.wantOwn)
			}
			if trusts(got, isrg) != tt.wantEmbedded {
				t.Errorf("trusts ISRG Root X1 (embedded): got %v, want %v", !tt.wantEmbedded, tt.wantEmbedded)
			}
		})
	}
}

// TestEmbedded: every root of the embedded set parses and is in the pool.
func TestEmbedded(t *testing.T) {
	pool := Embedded()
	n := 0
	for r := range bundle.Roots() {
		n++
		cert, err := x509.ParseCertificate(r.Certificate)
		if err != nil {
			t.Fatalf("root %d: %v", n, err)
		}
		if r.Constraint == nil && !trusts(pool, cert) {
			t.Errorf("root %s: not trusted by Embedded()", cert.Subject)
		}
	}
	if n < 100 {
		t.Errorf("got %d embedded roots, want Mozilla's set (over 100)", n)
	}
}

// TestPool: this machine's pool is not empty, whichever it is.
func TestPool(t *testing.T) {
	if got := Pool(); got == nil || got.Equal(x509.NewCertPool()) {
		t.Fatal("Pool() is empty, want the system's roots or the embedded set")
	}
}

func trusts(pool *x509.CertPool, root *x509.Certificate) bool {
	_, err := root.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: root.NotBefore.Add(time.Hour)})
	return err == nil
}

func embeddedRoot(t *testing.T, cn string) *x509.Certificate {
	t.Helper()
	for r := range bundle.Roots() {
		c, err := x509.ParseCertificate(r.Certificate)
		if err == nil && c.Subject.CommonName == cn {
			return c
		}
	}
	t.Fatalf("no embedded root %q", cn)
	return nil
}

func selfSigned(t *testing.T, cn string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTransport: the transport trusts Pool() and keeps http.DefaultTransport's settings.
func TestTransport(t *testing.T) {
	tr := Transport()
	if tr.TLSClientConfig == nil || tr.TLSClientConfig.RootCAs == nil || tr.TLSClientConfig.RootCAs.Equal(x509.NewCertPool()) {
		t.Fatal("TLSClientConfig.RootCAs: got none or an empty pool, want Pool()")
	}
	if !tr.ForceAttemptHTTP2 || tr.Proxy == nil {
		t.Errorf("ForceAttemptHTTP2 %v, Proxy set %v: want http.DefaultTransport's (true, true)", tr.ForceAttemptHTTP2, tr.Proxy != nil)
	}
}
