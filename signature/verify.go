package signature

import (
	"crypto/hmac"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/flowmock/flowmock"
)

// TimeLayout is the layout of the V1 Timestamp parameter and the V3 x-acs-date header: UTC,
// whole seconds, such as 2026-11-25T01:15:44Z. (Parsing also accepts a fraction of a second.)
const TimeLayout = "2006-01-02T15:04:05Z"

// DefaultMaxSkew is the largest difference between a request's time and the verifier's clock
// that a Verifier with no MaxSkew accepts, in either direction.
const DefaultMaxSkew = 15 * time.Minute

// msgNotMatch is the documented SignatureNotMatch message.
const msgNotMatch = "The request signature we calculated does not match the signature you provided. Check your access key and signing method."

// v1Required are the signature-V1 parameters, in the order a MissingRequiredParams message
// names them.
var v1Required = []string{"Signature", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"}

// v3Required are the headers a signature-V3 request needs besides Authorization.
var v3Required = []string{"x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"}

// Verifier checks request signatures. Zero Credentials means nobody can authenticate.
//
// A Verifier is safe for concurrent use as long as its fields are not changed.
type Verifier struct {
	Credentials map[string]string // AccessKeyId → secret
	MaxSkew     time.Duration     // 0 (or less) → DefaultMaxSkew
	Now         func() time.Time  // nil → time.Now
}

// VerifyRequest checks the signature of r as it came off the wire: body is the raw request
// body, already read by the caller (nil when there is none). It is Verify with the parameters
// SignedParams derives; a query string that is not valid URL encoding is InvalidArgument.
func (v *Verifier) VerifyRequest(r *http.Request, body []byte) error {
	params, err := SignedParams(r, body)
	if err != nil {
		return err
	}
	return v.Verify(r, body, params)
}

// SignedParams returns the parameters a signature-V1 client signed: the query string decoded
// with url.ParseQuery, plus, when Content-Type is application/x-www-form-urlencoded, the body
// decoded the same way ("+" is a space). A key in both keeps the query's value (no SDK sends
// one twice). Nothing the server derives itself (Action/Version from x-acs-* headers, a JSON
// body) is included.
func SignedParams(r *http.Request, body []byte) (url.Values, error) {
	params, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. The query string is not valid URL encoding: %v.", err)
	}
	if len(body) == 0 {
		return params, nil
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return params, nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. The form body is not valid URL encoding: %v.", err)
	}
	for k, vs := range form {
		if _, dup := params[k]; !dup {
			params[k] = vs
		}
	}
	return params, nil
}

// Verify checks the signature of r, before anything about the request is normalized.
//
// body is the raw request body, already read by the caller (nil when there is none).
// params must be exactly the request's parameters as the client signed them: the query
// string decoded with url.ParseQuery, plus, when Content-Type is
// application/x-www-form-urlencoded, the body decoded the same way ("+" is a space), each key
// once (a key with two different values is not signed by any SDK and fails as a mismatch).
// Leave out anything the server derives itself (Action/Version taken from x-acs-action
// headers, parameters of a JSON body). Signature V3 does not use params for the signature: it
// reads the query from r.URL and covers the body by its hash.
//
// The version is chosen as follows:
//   - An Authorization header starting with ACS3-HMAC-SHA256: signature V3.
//   - SignatureType=BEARERTOKEN or an x-acs-bearer-token header: rejected, since the mock has
//     no bearer tokens (InvalidArgument).
//   - Neither Signature nor AccessKeyId in params but another Authorization scheme:
//     InvalidArgument naming it; or no Authorization but a V3 header (x-acs-date,
//     x-acs-signature-nonce, x-acs-content-sha256): MissingRequiredHeader for Authorization.
//   - Otherwise signature V1.
//
// It returns nil or a *flowmock.Error with one of these codes:
//   - MissingRequiredParams: V1 without Signature, AccessKeyId, SignatureMethod,
//     SignatureVersion, SignatureNonce or Timestamp (an empty value counts as missing); the
//     message has "The HTTP query '<name>' must be specified." for each.
//   - MissingRequiredHeader: V3 without Authorization, x-acs-date, x-acs-signature-nonce or
//     x-acs-content-sha256; "The HTTP header '<name>' must be specified." for each.
//   - InvalidArgument: SignatureMethod other than HMAC-SHA1, SignatureVersion other than 1.0,
//     a time not in TimeLayout, a malformed Authorization header, bearer tokens.
//   - InvalidAccessKeyID: an AccessKey ID not in Credentials.
//   - RequestTimeTooSkewed: Timestamp (V1) or x-acs-date (V3) further than MaxSkew from Now.
//   - SignatureNotMatch: the signature differs, or (V3) x-acs-content-sha256 is not the hash of
//     body. The message ends with "server string to sign is:" and the server's string to
//     sign; for V3 the server's canonical request comes before it, after
//     "server canonical request is:".
//
// The checks run in that order (missing, malformed, key, time, signature), so a request with
// a stale time is reported as skewed even though its signature would also fail. Signatures
// are compared in constant time. SecurityToken (STS) is signed like any parameter but not
// checked; configure an STS AccessKey ID in Credentials like any other.
func (v *Verifier) Verify(r *http.Request, body []byte, params url.Values) error {
	auth := r.Header.Get("Authorization")
	if strings.HasPrefix(auth, V3Algorithm) {
		return v.verifyV3(r, body, auth)
	}
	if params.Get("SignatureType") == "BEARERTOKEN" || r.Header.Get("x-acs-bearer-token") != "" {
		return flowmock.Errorf(flowmock.InvalidArgument,
			"Parameter error. Bearer token authentication (SignatureType=BEARERTOKEN) is not supported by the mock; sign requests with an AccessKey pair (signature V1 HMAC-SHA1 or V3 %s).", V3Algorithm)
	}
	if params.Get("Signature") == "" && params.Get("AccessKeyId") == "" {
		if auth != "" {
			alg, _, _ := strings.Cut(strings.TrimSpace(auth), " ")
			return flowmock.Errorf(flowmock.InvalidArgument,
				"Parameter error. The signature algorithm %q in the HTTP header 'Authorization' is not supported; use %s, or the signature V1 parameters.", alg, V3Algorithm)
		}
		for _, h := range v3Required {
			if r.Header.Get(h) != "" {
				return missingHeaders([]string{"Authorization"})
			}
		}
	}
	return v.verifyV1(r.Method, params)
}

func (v *Verifier) verifyV1(method string, params url.Values) error {
	var missing []string
	for _, k := range v1Required {
		if params.Get(k) == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		msgs := make([]string, len(missing))
		for i, k := range missing {
			msgs[i] = fmt.Sprintf("The HTTP query '%s' must be specified.", k)
		}
		return flowmock.Errorf(flowmock.MissingRequiredParams, "%s", strings.Join(msgs, " "))
	}

	var problems []string
	if m := params.Get("SignatureMethod"); m != "HMAC-SHA1" {
		problems = append(problems, fmt.Sprintf("SignatureMethod must be HMAC-SHA1, got %q", m))
	}
	if ver := params.Get("SignatureVersion"); ver != "1.0" {
		problems = append(problems, fmt.Sprintf("SignatureVersion must be 1.0, got %q", ver))
	}
	raw := params.Get("Timestamp")
	ts, err := time.Parse(TimeLayout, raw)
	if err != nil {
		problems = append(problems, fmt.Sprintf("Timestamp must be a UTC time in the form yyyy-MM-ddTHH:mm:ssZ, got %q", raw))
	}
	if len(problems) > 0 {
		return flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. %s.", strings.Join(problems, "; "))
	}

	id := params.Get("AccessKeyId")
	secret, ok := v.Credentials[id]
	if !ok {
		return invalidKey(id)
	}
	if err := v.checkTime(raw, ts); err != nil {
		return err
	}

	sts := V1StringToSign(method, params)
	if !hmac.Equal([]byte(V1Sign(sts, secret)), []byte(params.Get("Signature"))) {
		return flowmock.Errorf(flowmock.SignatureNotMatch, "%s server string to sign is:%s", msgNotMatch, sts)
	}
	return nil
}

func (v *Verifier) verifyV3(r *http.Request, body []byte, auth string) error {
	a, err := ParseAuthorization(auth)
	if err != nil {
		return err
	}
	var missing []string
	for _, h := range v3Required {
		if r.Header.Get(h) == "" {
			missing = append(missing, h)
		}
	}
	if len(missing) > 0 {
		return missingHeaders(missing)
	}
	raw := r.Header.Get("x-acs-date")
	ts, err := time.Parse(TimeLayout, raw)
	if err != nil {
		return flowmock.Errorf(flowmock.InvalidArgument,
			"Parameter error. The HTTP header 'x-acs-date' must be a UTC time in the form yyyy-MM-ddTHH:mm:ssZ, got %q.", raw)
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. The query string is not valid URL encoding: %v.", err)
	}

	secret, ok := v.Credentials[a.AccessKeyID]
	if !ok {
		return invalidKey(a.AccessKeyID)
	}
	if err := v.checkTime(raw, ts); err != nil {
		return err
	}

	hash := V3PayloadHash(body)
	canonical := V3CanonicalRequest(r.Method, r.URL.EscapedPath(), query, r.Header, r.Host, a.SignedHeaders, hash)
	sts := V3StringToSign(canonical)
	tail := " server canonical request is:" + canonical + " server string to sign is:" + sts
	if claimed := r.Header.Get("x-acs-content-sha256"); !hmac.Equal([]byte(claimed), []byte(hash)) {
		return flowmock.Errorf(flowmock.SignatureNotMatch,
			"%s The payload hash in the HTTP header 'x-acs-content-sha256' (%s) differs from the SHA-256 of the request body (%s).%s",
			msgNotMatch, claimed, hash, tail)
	}
	if !hmac.Equal([]byte(V3Sign(sts, secret)), []byte(a.Signature)) {
		return flowmock.Errorf(flowmock.SignatureNotMatch, "%s%s", msgNotMatch, tail)
	}
	return nil
}

// checkTime reports RequestTimeTooSkewed when t, given as raw, is too far from now.
func (v *Verifier) checkTime(raw string, t time.Time) error {
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	max := v.MaxSkew
	if max <= 0 {
		max = DefaultMaxSkew
	}
	n := now()
	d := n.Sub(t)
	if d < 0 {
		d = -d
	}
	if d > max {
		return flowmock.Errorf(flowmock.RequestTimeTooSkewed,
			"The difference between the request time %s and the current time %s is too large.", raw, n.UTC().Format(TimeLayout))
	}
	return nil
}

func invalidKey(id string) error {
	return flowmock.Errorf(flowmock.InvalidAccessKeyID, "The AccessKey ID %s is invalid.", id)
}

func missingHeaders(names []string) error {
	msgs := make([]string, len(names))
	for i, h := range names {
		msgs[i] = fmt.Sprintf("The HTTP header '%s' must be specified.", h)
	}
	return flowmock.Errorf(flowmock.MissingRequiredHeader, "%s", strings.Join(msgs, " "))
}
