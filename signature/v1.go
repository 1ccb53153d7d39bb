package signature

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
)

// V1StringToSign returns the RPC V1 string to sign of a request with the given method and
// decoded parameters (query ∪ form body):
//
//	method + "&" + PercentEncode("/") + "&" + PercentEncode(canonicalized query string)
//
// The canonicalized query string holds every parameter except Signature, empty values
// included (the old Go SDK signs "SignatureType="), each key and value encoded with
// [PercentEncode], sorted by encoded key and joined as k=v with &. A parameter with several
// values contributes one k=v per value, in order (no SDK sends one).
func V1StringToSign(method string, params url.Values) string {
	return method + "&" + PercentEncode("/") + "&" + PercentEncode(canonicalQuery(params, "Signature"))
}

// V1Sign returns the RPC V1 signature of stringToSign: the standard base64 of its HMAC-SHA1
// under the key secret+"&".
func V1Sign(stringToSign, secret string) string {
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
