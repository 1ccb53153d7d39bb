// Package signature verifies the request signatures of the Alibaba Cloud POP gateway, in the
// two forms the official SDKs send to CloudFlow (fnf, 2019-03-15), and holds the pure
// functions both are built from.
//
// Signature V1 (RPC, HMAC-SHA1; Alibaba's docs call it "signature method V2 for RPC APIs") is
// carried in parameters: AccessKeyId, SignatureMethod=HMAC-SHA1, SignatureVersion=1.0,
// SignatureNonce, Timestamp and Signature, in the query string or the form body. Every
// parameter but Signature, decoded and re-encoded with [PercentEncode], is sorted by key and
// joined into a canonical query string; the string to sign is
// "METHOD&%2F&"+PercentEncode(canonical) ([V1StringToSign]) and the signature is the base64
// HMAC-SHA1 of it under the key secret+"&" ([V1Sign]). Every generated fnf client (Go, Node,
// Python, Java) and the old Go SDK sign this way.
//
// Signature V3 (ACS3-HMAC-SHA256) is carried in headers: Authorization:
// ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>, plus
// x-acs-date, x-acs-signature-nonce and x-acs-content-sha256 (the hex SHA-256 of the body).
// The canonical request joins the method, the path, the canonical query string (the URL query
// only: a form body is covered by the payload hash), the signed headers as "name:value" lines,
// their names, and the payload hash ([V3CanonicalRequest]); the string to sign is
// "ACS3-HMAC-SHA256\n"+hex(SHA-256(canonical)) ([V3StringToSign]) and the signature the hex
// HMAC-SHA256 under the bare secret ([V3Sign]). The Darabonba core's CallApi sends this by
// default; the generated fnf clients switch it to V1.
//
// [Verifier] checks a request of either form, as the real service would, and answers with the
// fnf error codes. On a mismatch the message ends with "server string to sign is:" and the
// server's string to sign, which the old Go SDK compares with its own to help its users.
//
// The facts here, the captured SDK requests used as test vectors and the vectors themselves
// are in the team's design notes, wire-protocol.md §1.4 (captures), §2.1 (V1), §2.2 (V3) and
// §2.3 (vectors). The public references are
// https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism (V1) and
// https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
// (V3).
package signature
