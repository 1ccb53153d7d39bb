// Package roots gives the certificate authorities HTTPS clients trust: the system's, or,
// where the system has none (the FROM scratch image has no /etc/ssl), Mozilla's set embedded
// in the binary (golang.org/x/crypto/x509roots/fallback/bundle). The embedded set is parsed
// only when a command asks for it, not at package initialization: `flowmock serve` never
// dials an HTTPS upstream and does not pay for it.
package roots

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// Pool returns the system's roots, or the embedded set when the system has none (no
// certificate file or directory, or none readable). Each call builds a new pool.
func Pool() *x509.CertPool {
	return choose(x509.SystemCertPool())
}

// Transport returns a new transport with http.DefaultTransport's settings that trusts
// Pool(): what a client of an HTTPS server outside the process uses.
func Transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{RootCAs: Pool()}
	return t
}

// choose is Pool's decision: the system's pool unless it failed to load or is empty.
// On platforms whose verifier is the system's own, the pool SystemCertPool returns stands
// for it and is kept.
func choose(system *x509.CertPool, err error) *x509.CertPool {
	if err == nil && system != nil && !system.Equal(x509.NewCertPool()) {
		return system
	}
	return Embedded()
}

// Embedded returns Mozilla's roots as embedded in the binary, with the constraints
// (distrust-after dates) the set carries.
func Embedded() *x509.CertPool {
	p := x509.NewCertPool()
	for r := range bundle.Roots() {
		cert, err := x509.ParseCertificate(r.Certificate)
		if err != nil {
			panic("roots: the embedded set does not parse: " + err.Error()) // checked by the package's tests
		}
		if r.Constraint == nil {
			p.AddCert(cert)
		} else {
			p.AddCertWithConstraint(cert, r.Constraint)
		}
	}
	return p
}
