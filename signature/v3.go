package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/flowmock/flowmock"
)

// V3Algorithm is the scheme of a signature-V3 Authorization header.
const V3Algorithm = "ACS3-HMAC-SHA256"

// Authorization is a parsed signature-V3 Authorization header:
//
//	ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>
type Authorization struct {
	Algorithm     string   // V3Algorithm
	AccessKeyID   string   // the Credential: for ACS3 just the AccessKey ID, no scope
	SignedHeaders []string // header names as sent, in the order sent
	Signature     string   // lower-case hex HMAC-SHA256
}

// String returns a in the form the SDKs send, so it is the header value.
func (a Authorization) String() string {
	return a.Algorithm + " Credential=" + a.AccessKeyID +
		",SignedHeaders=" + strings.Join(a.SignedHeaders, ";") +
		",Signature=" + a.Signature
}

// ParseAuthorization parses a signature-V3 Authorization header value. The algorithm is the
// text before the first space and must be ACS3-HMAC-SHA256; the rest is comma-separated
// Credential=, SignedHeaders= and Signature= (any order, spaces around the parts allowed),
// each exactly once and non-empty. SignedHeaders is split on ";".
//
// A malformed header gives a *flowmock.Error with code InvalidArgument whose message says
// what is wrong.
func ParseAuthorization(h string) (Authorization, error) {
	bad := func(why string) (Authorization, error) {
		return Authorization{}, flowmock.Errorf(flowmock.InvalidArgument,
			"The HTTP header 'Authorization' is malformed: %s. Expected %s Credential=<AccessKeyId>,SignedHeaders=<name;name;...>,Signature=<hex>.",
			why, V3Algorithm)
	}
	alg, rest, _ := strings.Cut(strings.TrimSpace(h), " ")
	if alg != V3Algorithm {
		return bad("the signature algorithm is " + strconv.Quote(alg) + ", not " + V3Algorithm)
	}
	var a Authorization
	a.Algorithm = alg
	seen := map[string]bool{}
	for part := range strings.SplitSeq(rest, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok {
			return bad(strconv.Quote(part) + " is not name=value")
		}
		switch k {
		case "Credential", "SignedHeaders", "Signature":
		default:
			return bad("unknown field " + strconv.Quote(k))
		}
		if seen[k] {
			return bad(k + " is given twice")
		}
		seen[k] = true
		if v == "" {
			return bad(k + " is empty")
		}
		switch k {
		case "Credential":
			a.AccessKeyID = v
		case "SignedHeaders":
			a.SignedHeaders = strings.Split(v, ";")
			if slices.Contains(a.SignedHeaders, "") {
				return bad("SignedHeaders has an empty name")
			}
		case "Signature":
			a.Signature = v
		}
	}
	for _, k := range []string{"Credential", "SignedHeaders", "Signature"} {
		if !seen[k] {
			return bad(k + " is missing")
		}
	}
	return a, nil
}

// V3PayloadHash returns the lower-case hex SHA-256 of body, the value of x-acs-content-sha256.
// An empty or nil body gives e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.
func V3PayloadHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// V3SignedHeaders returns the headers a signer signs, as the Darabonba SDK picks them: the
// lower-cased names in header that are host or content-type or start with x-acs-, plus host
// when host is not empty, without duplicates, sorted. Names are matched case-insensitively,
// so header may hold non-canonical keys.
func V3SignedHeaders(header http.Header, host string) []string {
	var names []string
	if host != "" {
		names = append(names, "host")
	}
	for k := range header {
		lk := strings.ToLower(k)
		if lk == "host" || lk == "content-type" || strings.HasPrefix(lk, "x-acs-") {
			names = append(names, lk)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// V3CanonicalRequest returns the signature-V3 canonical request:
//
//	method \n canonical URI \n canonical query \n canonical headers \n signed headers \n payloadHash
//
// The canonical URI is path as sent on the wire (an escaped path) with + → %20, * → %2A and
// %7E → ~, or "/" when path is empty. The canonical query has each key and value of query
// (decoded values; pass the URL query only, never form-body parameters) encoded with
// [PercentEncode], sorted by key, joined as k=v with & (an empty value gives "k="). The
// canonical headers are one "name:value\n" line per name of signedHeaders, lower-cased and in
// the given order; the value is host for "host" when host is not empty (Go's http.Request
// keeps Host out of its Header), else every value of every key of header that equals the name
// case-insensitively, each trimmed, sorted and joined with ",". The signed headers line is the
// lower-cased names joined with ";".
func V3CanonicalRequest(method, path string, query url.Values, header http.Header, host string, signedHeaders []string, payloadHash string) string {
	uri := "/"
	if path != "" {
		uri = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(path)
	}
	var sb strings.Builder
	sb.WriteString(method)
	sb.WriteByte('\n')
	sb.WriteString(uri)
	sb.WriteByte('\n')
	sb.WriteString(canonicalQuery(query, ""))
	sb.WriteByte('\n')
	names := make([]string, len(signedHeaders))
	for i, name := range signedHeaders {
		name = strings.ToLower(strings.TrimSpace(name))
		names[i] = name
		sb.WriteString(name)
		sb.WriteByte(':')
		sb.WriteString(headerValue(header, host, name))
		sb.WriteByte('\n')
	}
	sb.WriteByte('\n')
	sb.WriteString(strings.Join(names, ";"))
	sb.WriteByte('\n')
	sb.WriteString(payloadHash)
	return sb.String()
}

// headerValue is the canonical value of the lower-case header name.
func headerValue(header http.Header, host, name string) string {
	if name == "host" && host != "" {
		return host
	}
	var vals []string
	for k, vs := range header {
		if strings.EqualFold(k, name) {
			for _, v := range vs {
				vals = append(vals, strings.TrimSpace(v))
			}
		}
	}
	slices.Sort(vals)
	return strings.Join(vals, ",")
}

// V3StringToSign returns "ACS3-HMAC-SHA256\n" followed by the lower-case hex SHA-256 of the
// canonical request.
func V3StringToSign(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return V3Algorithm + "\n" + hex.EncodeToString(sum[:])
}

// V3Sign returns the signature-V3 signature of stringToSign: the lower-case hex HMAC-SHA256
// under the key secret (without the "&" that V1 appends).
func V3Sign(stringToSign, secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(stringToSign))
	return hex.EncodeToString(m.Sum(nil))
}

// V3SignRequest signs r the way the Darabonba SDK does, for tests that play the client. It
// sets x-acs-content-sha256 to the hash of body and then Authorization, signing host (r.Host,
// or r.URL.Host when that is empty), content-type and every x-acs-* header present. The caller
// sets x-acs-date, x-acs-signature-nonce, x-acs-action and x-acs-version first (the time is
// the caller's, not this package's), and sends body as r's body. An empty method counts as
// GET, as it does for http.Client.
func V3SignRequest(r *http.Request, body []byte, accessKeyID, secret string) {
	hash := V3PayloadHash(body)
	r.Header.Set("x-acs-content-sha256", hash)
	host := r.Host
	if host == "" && r.URL != nil {
		host = r.URL.Host
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	signed := V3SignedHeaders(r.Header, host)
	canonical := V3CanonicalRequest(method, r.URL.EscapedPath(), r.URL.Query(), r.Header, host, signed, hash)
	r.Header.Set("Authorization", Authorization{
		Algorithm:     V3Algorithm,
		AccessKeyID:   accessKeyID,
		SignedHeaders: signed,
		Signature:     V3Sign(V3StringToSign(canonical), secret),
	}.String())
}
