package proxy

import (
	"crypto/rand"
	"encoding/hex"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/flowmock/flowmock/signature"
)

// Signing versions: how a forwarded request is signed.
const (
	SignAuto = "auto" // as the client signed (V3 when it sent ACS3-HMAC-SHA256, else V1)
	SignV1   = "v1"
	SignV3   = "v3"
)

// v1Params are the parameters of a V1 signature; they are the client's, never forwarded.
var v1Params = []string{"Signature", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "SecurityToken", "SignatureType", "BearerToken"}

// v3Headers are the headers of a V3 signature (and other credentials), never forwarded.
var v3Headers = []string{"Authorization", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "x-acs-security-token", "x-acs-accesskey-id", "x-acs-bearer-token"}

// outgoing is a forwarded request before it is signed: the client's query and body without
// its signature, and the headers worth forwarding.
type outgoing struct {
	method string
	query  url.Values
	form   url.Values // the form body's parameters; nil when the body is not a form
	body   []byte     // the body as the client sent it, when it is not a form
	header http.Header
}

// strip takes the client's signature off its request.
func strip(r *http.Request, body []byte) (*outgoing, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	o := &outgoing{method: r.Method, query: q, header: http.Header{}}
	for _, p := range v1Params {
		q.Del(p)
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" && len(body) > 0 {
		if o.form, err = url.ParseQuery(string(body)); err != nil {
			return nil, err
		}
		for _, p := range v1Params {
			o.form.Del(p)
		}
	} else {
		o.body = body
	}
	for k, vs := range r.Header {
		lk := strings.ToLower(k)
		if lk == "content-type" || lk == "accept" || lk == "user-agent" || lk == "accept-language" || strings.HasPrefix(lk, "x-acs-") {
			o.header[k] = vs
		}
	}
	for _, h := range v3Headers {
		o.header.Del(h)
	}
	return o, nil
}

// clientVersion is how the client signed r: V3 for an ACS3-HMAC-SHA256 Authorization,
// else V1 (unsigned clients included).
func clientVersion(r *http.Request) string {
	if strings.HasPrefix(r.Header.Get("Authorization"), signature.V3Algorithm) {
		return SignV3
	}
	return SignV1
}

// request builds the signed request to base (scheme://host[/path]).
func (o *outgoing) request(base *url.URL, version string, cred Credentials, now time.Time) (*http.Request, []byte, error) {
	body := o.body
	if o.form != nil {
		body = []byte(encode(o.form))
	}
	if !cred.IsZero() && version == SignV1 {
		o.signV1(cred, now)
	}
	u := *base
	u.Path = strings.TrimSuffix(u.Path, "/") + "/"
	u.RawQuery = encode(o.query)
	req, err := http.NewRequest(o.method, u.String(), strings.NewReader(string(body)))
	if err != nil {
		return nil, nil, err
	}
	req.Header = o.header.Clone()
	if len(body) == 0 {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	if !cred.IsZero() && version == SignV3 {
		o.signV3(req, body, cred, now)
	}
	return req, body, nil
}

func (o *outgoing) signV1(cred Credentials, now time.Time) {
	q := o.query
	q.Set("AccessKeyId", cred.AccessKeyID)
	q.Set("SignatureMethod", "HMAC-SHA1")
	q.Set("SignatureVersion", "1.0")
	q.Set("SignatureNonce", nonce())
	q.Set("Timestamp", now.UTC().Format(signature.TimeLayout))
	if cred.SecurityToken != "" {
		q.Set("SecurityToken", cred.SecurityToken)
	}
	all := url.Values{}
	for k, vs := range q {
		all[k] = vs
	}
	for k, vs := range o.form {
		if _, dup := all[k]; !dup {
			all[k] = vs
		}
	}
	q.Set("Signature", signature.V1Sign(signature.V1StringToSign(o.method, all), cred.AccessKeySecret))
}

func (o *outgoing) signV3(req *http.Request, body []byte, cred Credentials, now time.Time) {
	h := req.Header
	// A V1 client named the action in the query; a V3 request names it in headers too.
	for _, p := range [...][2]string{{"Action", "x-acs-action"}, {"Version", "x-acs-version"}} {
		if h.Get(p[1]) == "" {
			if v := o.query.Get(p[0]); v != "" {
				h.Set(p[1], v)
			} else if v := o.form.Get(p[0]); v != "" {
				h.Set(p[1], v)
			}
		}
	}
	h.Set("x-acs-date", now.UTC().Format(signature.TimeLayout))
	h.Set("x-acs-signature-nonce", nonce())
	if cred.SecurityToken != "" {
		h.Set("x-acs-security-token", cred.SecurityToken)
	}
	signature.V3SignRequest(req, body, cred.AccessKeyID, cred.AccessKeySecret)
}

// encode writes parameters sorted by key, keys and values percent-encoded as the SDKs do
// (a space is %20, never +).
func encode(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, val := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(signature.PercentEncode(k))
			b.WriteByte('=')
			b.WriteString(signature.PercentEncode(val))
		}
	}
	return b.String()
}

func nonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
