package signature_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/signature"
)

// fuzzNow is the verifier's clock in the fuzz targets: within DefaultMaxSkew of every
// capture's time and of fuzzDate.
var fuzzNow = mustTime("2026-11-25T01:17:00Z")

// fuzzDate is the time the fuzz targets sign with.
const fuzzDate = "2026-11-25T01:16:30Z"

// captureWire returns the bytes of testdata/<file>.http as they went over the wire: CRLF
// line ends and a Content-Length that matches the body (see readCapture).
func captureWire(tb testing.TB, file string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", file+".http"))
	if err != nil {
		tb.Fatal(err)
	}
	head, body, _ := strings.Cut(string(raw), "\n\n")
	body = strings.TrimSuffix(body, "\n")
	return []byte(strings.ReplaceAll(strings.TrimRight(head, "\n"), "\n", "\r\n") + "\r\n\r\n" + body)
}

// captureAuthorizations returns the Authorization headers of the V3 captures.
func captureAuthorizations(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, c := range captures {
		if c.v3 {
			r, _ := readCapture(tb, c.file)
			out = append(out, r.Header.Get("Authorization"))
		}
	}
	return out
}

// FuzzParseAuthorization checks ParseAuthorization on any header value: it never panics; a
// refused value gives InvalidArgument and the zero Authorization; an accepted one has the
// ACS3 algorithm, a non-empty Credential and Signature, no empty signed header name, and
// parses again from its String to the same Authorization.
func FuzzParseAuthorization(f *testing.F) {
	for _, h := range captureAuthorizations(f) {
		f.Add(h)
	}
	for _, h := range []string{
		"ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3",
		"ACS3-HMAC-SHA256 Signature=abc, Credential=ak, SignedHeaders=host",
		"ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;;x-acs-date,Signature=abc",
		"ACS3-HMAC-SHA256 Credential=ak,Credential=ak,SignedHeaders=host,Signature=abc",
		"ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=",
		"ACS3-HMAC-SHA256",
		"Bearer abc",
		"",
	} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		a, err := signature.ParseAuthorization(h)
		if err != nil {
			if got := flowmock.ErrorCode(err); got != flowmock.InvalidArgument {
				t.Fatalf("ParseAuthorization(%q) code = %q (%v), want InvalidArgument", h, got, err)
			}
			if a.Algorithm != "" || a.AccessKeyID != "" || a.SignedHeaders != nil || a.Signature != "" {
				t.Fatalf("ParseAuthorization(%q) = %+v with its error, want the zero Authorization", h, a)
			}
			return
		}
		if a.Algorithm != signature.V3Algorithm || a.AccessKeyID == "" || a.Signature == "" ||
			len(a.SignedHeaders) == 0 || slices.Contains(a.SignedHeaders, "") {
			t.Fatalf("ParseAuthorization(%q) = %+v: accepted an incomplete header", h, a)
		}
		again, err := signature.ParseAuthorization(a.String())
		if err != nil {
			t.Fatalf("ParseAuthorization(%q).String() = %q does not parse: %v", h, a.String(), err)
		}
		if again.Algorithm != a.Algorithm || again.AccessKeyID != a.AccessKeyID ||
			!slices.Equal(again.SignedHeaders, a.SignedHeaders) || again.Signature != a.Signature {
			t.Fatalf("ParseAuthorization(%q) = %+v, but its String %q parses to %+v", h, a, a.String(), again)
		}
	})
}

// changeByte returns s with the byte at pos%len(s) replaced by another byte chosen by by.
func changeByte(s string, pos uint16, by byte) string {
	i := int(pos) % len(s)
	b := []byte(s)
	b[i] += 1 + by%255 // never 0 mod 256: the byte changes
	return string(b)
}

// FuzzV1RoundTrip signs requests the way a V1 SDK does, with fuzzed parameters (any keys
// and values: the captures' and more), method, place (query or form body) and secret, and
// checks that the Verifier accepts them, and that a change of any one byte of the
// Signature makes it answer SignatureNotMatch. Every key and value also goes through
// PercentEncode, whose output must be only unreserved bytes and %XX escapes that decode
// back to the input.
func FuzzV1RoundTrip(f *testing.F) {
	for _, c := range captures {
		if c.v3 {
			continue
		}
		r, body := readCapture(f, c.file)
		params := mergeParams(f, r, body)
		f.Add(params.Encode(), r.Method == http.MethodPost, len(body) > 0, testSecret, uint16(3), byte(0))
	}
	f.Add("", false, false, "", uint16(0), byte(0))
	f.Add("FlowName=%C3%A9+%2A~&a=1&a=2&=empty-key&empty-value=", true, true, "sk", uint16(27), byte(200))
	f.Add("SignatureType=&Version=&Action=&Timestamp=mock+date", false, false, "accessKeySecret", uint16(1), byte(1))
	f.Fuzz(func(t *testing.T, query string, post, form bool, secret string, pos uint16, by byte) {
		params, _ := url.ParseQuery(query) // keep what parses
		for k, vs := range params {
			for _, s := range append([]string{k}, vs...) {
				checkPercentEncode(t, s)
			}
		}
		// The parameters the signer sets itself; a bearer token is another scheme.
		params.Del("SignatureType")
		params.Set("AccessKeyId", "ak")
		params.Set("SignatureMethod", "HMAC-SHA1")
		params.Set("SignatureVersion", "1.0")
		params.Set("Timestamp", fuzzDate)
		if params.Get("SignatureNonce") == "" {
			params.Set("SignatureNonce", "n1")
		}
		method := http.MethodGet
		if post {
			method = http.MethodPost
		}
		params.Set("Signature", signature.V1Sign(signature.V1StringToSign(method, params), secret))
		v := &signature.Verifier{Credentials: map[string]string{"ak": secret}, Now: func() time.Time { return fuzzNow }}

		verify := func(params url.Values) error {
			target, body := "http://127.0.0.1:18080/?"+params.Encode(), []byte(nil)
			if post && form {
				target, body = "http://127.0.0.1:18080/", []byte(params.Encode())
			}
			r, err := http.NewRequest(method, target, bytes.NewReader(body))
			if err != nil {
				t.Fatalf("NewRequest: %v", err)
			}
			if body != nil {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			return v.VerifyRequest(r, body)
		}
		if err := verify(params); err != nil {
			t.Fatalf("a request signed with V1 does not verify: %v\nparams: %q", err, params)
		}
		sig := params.Get("Signature")
		params.Set("Signature", changeByte(sig, pos, by))
		if err := verify(params); flowmock.ErrorCode(err) != flowmock.SignatureNotMatch {
			t.Fatalf("Signature %q changed to %q: Verify = %v, want SignatureNotMatch", sig, params.Get("Signature"), err)
		}
	})
}

// checkPercentEncode checks PercentEncode(s): unreserved bytes and upper-case %XX only,
// decoding back to s.
func checkPercentEncode(t *testing.T, s string) {
	t.Helper()
	enc := signature.PercentEncode(s)
	for i := 0; i < len(enc); i++ {
		c := enc[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
		case c == '%' && i+2 < len(enc) && strings.IndexByte("0123456789ABCDEF", enc[i+1]) >= 0 && strings.IndexByte("0123456789ABCDEF", enc[i+2]) >= 0:
			i += 2
		default:
			t.Fatalf("PercentEncode(%q) = %q: byte %d (%q) is neither unreserved nor an upper-case %%XX", s, enc, i, c)
		}
	}
	if dec, err := url.PathUnescape(enc); err != nil || dec != s {
		t.Fatalf("PercentEncode(%q) = %q, which decodes to %q, %v", s, enc, dec, err)
	}
}

// FuzzV3RoundTrip signs requests with V3SignRequest, with a fuzzed method, raw query,
// Content-Type, body, host, x-acs-action, x-acs-version, nonce, one more x-acs-* header and
// secret, and checks what the Verifier makes of them: nil, or InvalidArgument when the query
// or the form body is not valid URL encoding (which the server cannot read); and that a
// change of any one byte of the signature in the Authorization header is refused
// (SignatureNotMatch, or InvalidArgument when the change breaks the header's syntax).
func FuzzV3RoundTrip(f *testing.F) {
	for _, c := range captures {
		if !c.v3 {
			continue
		}
		r, body := readCapture(f, c.file)
		f.Add(r.Method == http.MethodPost, r.URL.RawQuery, r.Header.Get("Content-Type"), body, r.Host,
			r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version"), r.Header.Get("x-acs-signature-nonce"),
			"credentials-provider", r.Header.Get("x-acs-credentials-provider"), testSecret, uint16(5), byte(9))
	}
	f.Add(false, "FlowName=f&ExecutionNamePrefix=%C3%A9+%2A~", "", []byte(nil), "127.0.0.1:8080",
		"ListExecutions", "2019-03-15", "n1", "", "", "sk", uint16(63), byte(0))
	f.Add(true, "a=1&a=2", "application/x-www-form-urlencoded; charset=utf-8", []byte("FlowName=f&Input=%7B%7D"), "",
		"StartExecution", "2019-03-15", "n1", "test", "  spaced  value ", "", uint16(0), byte(255))
	f.Add(true, "a=%zz", "application/json", []byte(`{"FlowName":"f"}`), "localhost",
		"", "", "", "TEST", "x", "s", uint16(100), byte(3))
	f.Fuzz(func(t *testing.T, post bool, rawQuery, contentType string, body []byte, host,
		action, version, nonce, extraName, extraValue, secret string, pos uint16, by byte) {
		method := http.MethodGet
		if post {
			method = http.MethodPost
		}
		r, err := http.NewRequest(method, "http://127.0.0.1:18080/", bytes.NewReader(body))
		if err != nil {
			t.Fatalf("NewRequest: %v", err)
		}
		r.URL.RawQuery = rawQuery
		if host != "" {
			r.Host = host // a server's request always has its Host; the signer and verifier must agree on it
		}
		r.Header.Set("x-acs-action", action)
		r.Header.Set("x-acs-version", version)
		r.Header.Set("x-acs-date", fuzzDate)
		if strings.TrimSpace(nonce) == "" {
			nonce = "n1"
		}
		r.Header.Set("x-acs-signature-nonce", nonce)
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		if name := headerName(extraName); name != "" {
			r.Header.Set(name, extraValue)
		}
		signature.V3SignRequest(r, body, "ak", secret)
		v := &signature.Verifier{Credentials: map[string]string{"ak": secret}, Now: func() time.Time { return fuzzNow }}

		_, perr := signature.SignedParams(r, body)
		err = v.VerifyRequest(r, body)
		if perr != nil {
			if got := flowmock.ErrorCode(err); got != flowmock.InvalidArgument {
				t.Fatalf("request with unreadable parameters (%v): Verify = %v, want InvalidArgument", perr, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("a request signed with V3SignRequest does not verify: %v\nAuthorization: %s\nheader: %q",
				err, r.Header.Get("Authorization"), r.Header)
		}

		auth := r.Header.Get("Authorization")
		i := strings.LastIndex(auth, ",Signature=") + len(",Signature=")
		sig := auth[i:]
		r.Header.Set("Authorization", auth[:i]+changeByte(sig, pos, by))
		err = v.VerifyRequest(r, body)
		if got := flowmock.ErrorCode(err); got != flowmock.SignatureNotMatch && got != flowmock.InvalidArgument {
			t.Fatalf("signature %q changed to %q: Verify = %v, want SignatureNotMatch or InvalidArgument",
				sig, r.Header.Get("Authorization")[i:], err)
		}
	})
}

// headerName makes an x-acs-* header name of s: its letters, digits and dashes, lower-cased
// ("" when none is left, or when it names a header the signer sets itself). Real header
// names are tokens, so they cannot hold the ';' and ',' of the Authorization syntax.
func headerName(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' {
			b.WriteRune(c)
		}
	}
	switch name := "x-acs-" + b.String(); name {
	case "x-acs-", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "x-acs-action", "x-acs-version":
		return ""
	default:
		return name
	}
}

// verifyCodes are the codes Verify documents.
var verifyCodes = []flowmock.Code{
	flowmock.MissingRequiredParams, flowmock.MissingRequiredHeader, flowmock.InvalidArgument,
	flowmock.InvalidAccessKeyID, flowmock.RequestTimeTooSkewed, flowmock.SignatureNotMatch,
}

// FuzzVerifyRequest feeds raw HTTP requests, seeded with the exact bytes of the SDK captures
// (wire-protocol.md §1.4), to VerifyRequest as a server would: it never panics, and answers
// nil or a *flowmock.Error with a code Verify documents and a message; a SignatureNotMatch
// message starts with the documented text and ends with the server's string to sign.
func FuzzVerifyRequest(f *testing.F) {
	for _, c := range captures {
		f.Add(captureWire(f, c.file))
	}
	v := verifier(fuzzNow.Add(-30 * time.Second)) // Now is fuzzNow
	f.Fuzz(func(t *testing.T, wire []byte) {
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(wire)))
		if err != nil {
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		if len(body) == 0 {
			body = nil
		}
		err = v.VerifyRequest(r, body)
		if err == nil {
			return
		}
		var fe *flowmock.Error
		if !errors.As(err, &fe) {
			t.Fatalf("VerifyRequest = %v (%T), want a *flowmock.Error", err, err)
		}
		if !slices.Contains(verifyCodes, fe.Code) {
			t.Fatalf("VerifyRequest code = %q (%v), want one of %q", fe.Code, err, verifyCodes)
		}
		if fe.Message == "" {
			t.Fatalf("VerifyRequest = %s with no message", fe.Code)
		}
		if fe.Code == flowmock.SignatureNotMatch &&
			(!strings.HasPrefix(fe.Message, msgNotMatch) || !strings.Contains(fe.Message, " server string to sign is:")) {
			t.Fatalf("SignatureNotMatch message %s does not have the documented form", strconv.Quote(fe.Message))
		}
	})
}
