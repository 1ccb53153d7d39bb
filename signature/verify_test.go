package signature_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/signature"
)

const (
	testAccessKeyID = "testAccessKeyId"
	testSecret      = "testSecret"
	msgNotMatch     = "The request signature we calculated does not match the signature you provided. Check your access key and signing method."
)

// capture is one request of wire-protocol.md §1.4, kept byte for byte (with LF line ends) in
// testdata/<file>.http, with the server-side recomputation printed beside it there.
type capture struct {
	name, file string
	v3         bool
	at         time.Time // the request's Timestamp or x-acs-date
	sts        string    // the server string to sign
	canonical  string    // V3 only: the server canonical request
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func lines(l ...string) string { return strings.Join(l, "\n") }

var captures = []capture{
	{
		name: "A Darabonba V1 GET", file: "a-darabonba-v1-get", at: mustTime("2026-11-25T01:15:44Z"),
		sts: "GET&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DListExecutions%26ExecutionNamePrefix%3Drun%25201%252A~%26FlowName%3Dmyflow%26Format%3Djson%26Limit%3D10%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dad0f5172aa6f59cdf7fc41d2c81e0038%26SignatureVersion%3D1.0%26StartedTimeBegin%3D2020-12-02T02%253A39%253A20.402Z%26Status%3DSucceeded%26Timestamp%3D2026-11-25T01%253A15%253A44Z%26Version%3D2019-03-15",
	},
	{
		name: "B Darabonba V3 GET", file: "b-darabonba-v3-get", v3: true, at: mustTime("2026-11-25T01:15:38Z"),
		canonical: lines(
			"GET",
			"/",
			"ExecutionNamePrefix=run%201%2A~&FlowName=myflow&Limit=10&StartedTimeBegin=2020-12-02T02%3A39%3A20.402Z&Status=Succeeded",
			"host:127.0.0.1:18080",
			"x-acs-action:ListExecutions",
			"x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"x-acs-credentials-provider:static_ak",
			"x-acs-date:2026-11-25T01:15:38Z",
			"x-acs-signature-nonce:cac259ce0a6c2b75d36af78d1b496513",
			"x-acs-version:2019-03-15",
			"",
			"host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		),
		sts: "ACS3-HMAC-SHA256\nccb904067a0decc7611ea70b21be1059af777aa5c7e4d5303fc2f05736b62198",
	},
	{
		name: "C old Go SDK V1 GET", file: "c-oldgo-v1-get", at: mustTime("2026-11-25T01:16:11Z"),
		sts: "GET&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DListExecutions%26ExecutionNamePrefix%3Drun%25201%252A~%26FlowName%3Dmyflow%26Format%3DJSON%26Limit%3D10%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Df99500cc33f01a34bea25a8edb7e2182%26SignatureType%3D%26SignatureVersion%3D1.0%26StartedTimeBegin%3D2020-12-02T02%253A39%253A20.402Z%26Status%3DSucceeded%26Timestamp%3D2026-11-25T01%253A16%253A11Z%26Version%3D2019-03-15",
	},
	{
		// §1.4 prints no recomputation for C'; this one is derived from C (POST, its own
		// nonce), and the SDK's signature matching it is the proof.
		name: "C' old Go SDK V1 POST", file: "c2-oldgo-v1-post", at: mustTime("2026-11-25T01:16:11Z"),
		sts: "POST&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DListExecutions%26ExecutionNamePrefix%3Drun%25201%252A~%26FlowName%3Dmyflow%26Format%3DJSON%26Limit%3D10%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D44534b9d68ded1fe037c3febbe7c49d4%26SignatureType%3D%26SignatureVersion%3D1.0%26StartedTimeBegin%3D2020-12-02T02%253A39%253A20.402Z%26Status%3DSucceeded%26Timestamp%3D2026-11-25T01%253A16%253A11Z%26Version%3D2019-03-15",
	},
	{
		name: "D Node V1 GET", file: "d-node-v1-get", at: mustTime("2026-11-25T01:16:18Z"),
		sts: "GET&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DListExecutions%26ExecutionNamePrefix%3Drun%25201%252A~%26FlowName%3Dmyflow%26Format%3DJSON%26Limit%3D10%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Df8feea9119d63f73ba99f2c3be03c3c4%26SignatureVersion%3D1.0%26StartedTimeBegin%3D2020-12-02T02%253A39%253A20.402Z%26Status%3DSucceeded%26Timestamp%3D2026-11-25T01%253A16%253A18Z%26Version%3D2019-03-15",
	},
	{
		// Derived from D like C' from C: everything, Signature included, is in the body.
		name: "D' Node V1 POST", file: "d2-node-v1-post", at: mustTime("2026-11-25T01:16:19Z"),
		sts: "POST&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DListExecutions%26ExecutionNamePrefix%3Drun%25201%252A~%26FlowName%3Dmyflow%26Format%3DJSON%26Limit%3D10%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D5060db1f1cc22e7ea8239a8d7bb194a5%26SignatureVersion%3D1.0%26StartedTimeBegin%3D2020-12-02T02%253A39%253A20.402Z%26Status%3DSucceeded%26Timestamp%3D2026-11-25T01%253A16%253A19Z%26Version%3D2019-03-15",
	},
	{
		name: "E StartExecution Darabonba V1 POST", file: "e-darabonba-v1-post", at: mustTime("2026-11-25T01:18:56Z"),
		sts: "POST&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DStartExecution%26ExecutionName%3Dexec1%26FlowName%3Dmyflow%26Format%3Djson%26Input%3D%257B%2522key%2522%253A%2522value%2522%257D%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D7683a9d3898c01b50c6a4e79cc7b0015%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-25T01%253A18%253A56Z%26Version%3D2019-03-15",
	},
	{
		name: "E StartExecution Darabonba V3 POST", file: "e-darabonba-v3-post", v3: true, at: mustTime("2026-11-25T01:18:57Z"),
		canonical: lines(
			"POST",
			"/",
			"",
			"content-type:application/x-www-form-urlencoded",
			"host:127.0.0.1:18080",
			"x-acs-action:StartExecution",
			"x-acs-content-sha256:be6c7c4e30e7e9af38f15971ce9108a2fe4e793454d58e1149e8b949f85b88fa",
			"x-acs-credentials-provider:static_ak",
			"x-acs-date:2026-11-25T01:18:57Z",
			"x-acs-signature-nonce:7cd071cc9cfbe2febca05a4cc7cd66a7",
			"x-acs-version:2019-03-15",
			"",
			"content-type;host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
			"be6c7c4e30e7e9af38f15971ce9108a2fe4e793454d58e1149e8b949f85b88fa",
		),
		sts: "ACS3-HMAC-SHA256\n30fa5aa06acbbfa6b8deb65d64cb56ea8c65f9055fb5d2531c29105b20e08485",
	},
}

// readCapture parses testdata/<file>.http into the request Go's server would hand a handler,
// after applying edits to the raw text. Line ends become CRLF, and Content-Length is set to
// the length of the (possibly edited) body, so edits may change the body.
func readCapture(t testing.TB, file string, edits ...func(string) string) (*http.Request, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", file+".http"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for _, edit := range edits {
		text = edit(text)
	}
	head, body, _ := strings.Cut(text, "\n\n")
	head = strings.TrimRight(head, "\n")
	body = strings.TrimSuffix(body, "\n")
	hl := strings.Split(head, "\n")
	for i := 1; i < len(hl); i++ {
		if k, _, ok := strings.Cut(hl[i], ":"); ok && strings.EqualFold(k, "Content-Length") {
			hl[i] = k + ": " + strconv.Itoa(len(body))
		}
	}
	wire := strings.Join(hl, "\r\n") + "\r\n\r\n" + body
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(wire)))
	if err != nil {
		t.Fatalf("%s: ReadRequest: %v", file, err)
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("%s: reading body: %v", file, err)
	}
	if len(b) == 0 {
		b = nil
	}
	return r, b
}

// mergeParams is what the server passes to Verify.
func mergeParams(t testing.TB, r *http.Request, body []byte) url.Values {
	t.Helper()
	params, err := signature.SignedParams(r, body)
	if err != nil {
		t.Fatalf("SignedParams: %v", err)
	}
	return params
}

func verifier(at time.Time) *signature.Verifier {
	return &signature.Verifier{
		Credentials: map[string]string{testAccessKeyID: testSecret},
		Now:         func() time.Time { return at.Add(30 * time.Second) },
	}
}

// TestCaptures checks that every captured SDK request verifies, and that the pure functions
// rebuild the server-side strings printed beside the capture.
func TestCaptures(t *testing.T) {
	for _, c := range captures {
		t.Run(c.name, func(t *testing.T) {
			r, body := readCapture(t, c.file)
			params := mergeParams(t, r, body)
			if c.v3 {
				a, err := signature.ParseAuthorization(r.Header.Get("Authorization"))
				if err != nil {
					t.Fatal(err)
				}
				if got, want := signature.V3PayloadHash(body), r.Header.Get("x-acs-content-sha256"); got != want {
					t.Errorf("V3PayloadHash = %s, want %s", got, want)
				}
				canonical := signature.V3CanonicalRequest(r.Method, r.URL.EscapedPath(), r.URL.Query(), r.Header, r.Host, a.SignedHeaders, signature.V3PayloadHash(body))
				if got, want := canonical, c.canonical; got != want {
					t.Fatalf("V3CanonicalRequest:\n got %q\nwant %q", got, want)
				}
				sts := signature.V3StringToSign(canonical)
				if got, want := sts, c.sts; got != want {
					t.Fatalf("V3StringToSign = %q, want %q", got, want)
				}
				if got, want := signature.V3Sign(sts, testSecret), a.Signature; got != want {
					t.Errorf("V3Sign = %s, want the SDK's %s", got, want)
				}
			} else {
				sts := signature.V1StringToSign(r.Method, params)
				if got, want := sts, c.sts; got != want {
					t.Fatalf("V1StringToSign:\n got %s\nwant %s", got, want)
				}
				if got, want := signature.V1Sign(sts, testSecret), params.Get("Signature"); got != want {
					t.Errorf("V1Sign = %s, want the SDK's %s", got, want)
				}
			}
			if err := verifier(c.at).Verify(r, body, params); err != nil {
				t.Errorf("Verify = %v, want nil", err)
			}
		})
	}
}

// call is one Verify call under construction: a tamper changes any part of it.
type call struct {
	r      *http.Request
	body   []byte
	params url.Values
	v      *signature.Verifier
}

// want is the expected outcome: the code and either the exact message or its ending.
type want struct {
	code   flowmock.Code
	msg    string // exact, when not ""
	suffix string // the message's end, when not ""
}

type tamper struct {
	name  string
	edit  func(string) string // edits the raw capture before it is parsed; may be nil
	apply func(*call)         // changes the parsed call; may be nil
	want  func(capture) want
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// v3Tail is how a V3 SignatureNotMatch message ends for the given canonical request.
func v3Tail(canonical string) string {
	return " server canonical request is:" + canonical + " server string to sign is:ACS3-HMAC-SHA256\n" + sha256Hex(canonical)
}

func skewed(request, now time.Time) want {
	return want{code: flowmock.RequestTimeTooSkewed, msg: "The difference between the request time " +
		request.Format(signature.TimeLayout) + " and the current time " + now.Format(signature.TimeLayout) + " is too large."}
}

// payloadMismatch is the outcome of a V3 capture whose body became body while its
// x-acs-content-sha256 header stayed: the server's canonical request carries the hash of the
// body it got.
func payloadMismatch(c capture, body string) want {
	claimed := c.canonical[strings.LastIndexByte(c.canonical, '\n')+1:]
	canonical := strings.TrimSuffix(c.canonical, claimed) + sha256Hex(body)
	return want{code: flowmock.SignatureNotMatch, msg: msgNotMatch +
		" The payload hash in the HTTP header 'x-acs-content-sha256' (" + claimed +
		") differs from the SHA-256 of the request body (" + sha256Hex(body) + ")." + v3Tail(canonical)}
}

func runTampers(t *testing.T, c capture, tampers []tamper) {
	for _, tm := range tampers {
		t.Run(tm.name, func(t *testing.T) {
			var edits []func(string) string
			if tm.edit != nil {
				edits = append(edits, tm.edit)
			}
			r, body := readCapture(t, c.file, edits...)
			k := &call{r: r, body: body, params: mergeParams(t, r, body), v: verifier(c.at)}
			if tm.apply != nil {
				tm.apply(k)
			}
			w := tm.want(c)
			err := k.v.Verify(k.r, k.body, k.params)
			if got := flowmock.ErrorCode(err); got != w.code {
				t.Fatalf("code = %q (%v), want %q", got, err, w.code)
			}
			msg := flowmock.ErrorMessage(err)
			if w.msg != "" && msg != w.msg {
				t.Errorf("message:\n got %q\nwant %q", msg, w.msg)
			}
			if w.suffix != "" && !strings.HasSuffix(msg, w.suffix) {
				t.Errorf("message:\n got %q\nwant it to end with %q", msg, w.suffix)
			}
			if w.code == flowmock.SignatureNotMatch && !strings.HasPrefix(msg, msgNotMatch) {
				t.Errorf("message %q does not start with the documented text", msg)
			}
		})
	}
}

func TestVerifyTamperedV1(t *testing.T) {
	notMatch := func(sts string) want {
		return want{code: flowmock.SignatureNotMatch, msg: msgNotMatch + " server string to sign is:" + sts}
	}
	tampers := []tamper{
		{
			name: "param value changed on the wire",
			edit: func(s string) string { return strings.Replace(s, "FlowName=myflow", "FlowName=yourflow", 1) },
			want: func(c capture) want {
				return notMatch(strings.Replace(c.sts, "FlowName%3Dmyflow", "FlowName%3Dyourflow", 1))
			},
		},
		{
			name:  "param value changed after merging",
			apply: func(k *call) { k.params.Set("Format", "XML") },
			want: func(c capture) want {
				sts := strings.Replace(c.sts, "Format%3Djson", "Format%3DXML", 1)
				return notMatch(strings.Replace(sts, "Format%3DJSON", "Format%3DXML", 1))
			},
		},
		{
			name:  "param added",
			apply: func(k *call) { k.params.Set("Zebra", "1") },
			want:  func(c capture) want { return notMatch(c.sts + "%26Zebra%3D1") },
		},
		{
			name: "method changed",
			apply: func(k *call) {
				if k.r.Method == http.MethodGet {
					k.r.Method = http.MethodPost
				} else {
					k.r.Method = http.MethodGet
				}
			},
			want: func(c capture) want {
				m, rest, _ := strings.Cut(c.sts, "&")
				other := map[string]string{http.MethodGet: http.MethodPost, http.MethodPost: http.MethodGet}[m]
				return notMatch(other + "&" + rest)
			},
		},
		{
			name:  "wrong secret",
			apply: func(k *call) { k.v.Credentials = map[string]string{testAccessKeyID: "otherSecret"} },
			want:  func(c capture) want { return notMatch(c.sts) },
		},
		{
			name:  "unknown AccessKey ID",
			apply: func(k *call) { k.v.Credentials = map[string]string{"otherAccessKeyId": testSecret} },
			want: func(capture) want {
				return want{code: flowmock.InvalidAccessKeyID, msg: "The AccessKey ID testAccessKeyId is invalid."}
			},
		},
		{
			name:  "no credentials at all",
			apply: func(k *call) { k.v.Credentials = nil },
			want: func(capture) want {
				return want{code: flowmock.InvalidAccessKeyID, msg: "The AccessKey ID testAccessKeyId is invalid."}
			},
		},
		{
			name:  "old timestamp",
			apply: func(k *call) { now := k.v.Now().Add(16 * time.Minute); k.v.Now = func() time.Time { return now } },
			want:  func(c capture) want { return skewed(c.at, c.at.Add(30*time.Second+16*time.Minute)) },
		},
		{
			name:  "timestamp in the future",
			apply: func(k *call) { now := k.v.Now().Add(-16 * time.Minute); k.v.Now = func() time.Time { return now } },
			want:  func(c capture) want { return skewed(c.at, c.at.Add(30*time.Second-16*time.Minute)) },
		},
		{
			name: "skew within a custom MaxSkew",
			apply: func(k *call) {
				now := k.v.Now().Add(50 * time.Minute)
				k.v.Now = func() time.Time { return now }
				k.v.MaxSkew = time.Hour
			},
			want: func(capture) want { return want{} },
		},
		{
			name: "timestamp replaced by an old one",
			edit: func(s string) string { return strings.Replace(s, "Timestamp=2026-11-25T", "Timestamp=2026-11-24T", 1) },
			want: func(c capture) want { return skewed(c.at.AddDate(0, 0, -1), c.at.Add(30*time.Second)) },
		},
		{
			name:  "missing Signature",
			apply: func(k *call) { k.params.Del("Signature") },
			want: func(capture) want {
				return want{code: flowmock.MissingRequiredParams, msg: "The HTTP query 'Signature' must be specified."}
			},
		},
		{
			name:  "empty Signature",
			apply: func(k *call) { k.params.Set("Signature", "") },
			want: func(capture) want {
				return want{code: flowmock.MissingRequiredParams, msg: "The HTTP query 'Signature' must be specified."}
			},
		},
		{
			name:  "missing Signature and AccessKeyId",
			apply: func(k *call) { k.params.Del("Signature"); k.params.Del("AccessKeyId") },
			want: func(capture) want {
				return want{code: flowmock.MissingRequiredParams, msg: "The HTTP query 'Signature' must be specified. The HTTP query 'AccessKeyId' must be specified."}
			},
		},
		{
			name:  "missing Timestamp and SignatureNonce",
			apply: func(k *call) { k.params.Del("Timestamp"); k.params.Del("SignatureNonce") },
			want: func(capture) want {
				return want{code: flowmock.MissingRequiredParams, msg: "The HTTP query 'SignatureNonce' must be specified. The HTTP query 'Timestamp' must be specified."}
			},
		},
		{
			name:  "SignatureMethod and SignatureVersion wrong",
			apply: func(k *call) { k.params.Set("SignatureMethod", "HMAC-SHA256"); k.params.Set("SignatureVersion", "2.0") },
			want: func(capture) want {
				return want{code: flowmock.InvalidArgument, msg: `Parameter error. SignatureMethod must be HMAC-SHA1, got "HMAC-SHA256"; SignatureVersion must be 1.0, got "2.0".`}
			},
		},
		{
			name:  "Timestamp not in the layout",
			apply: func(k *call) { k.params.Set("Timestamp", "2026-11-25T09:15:44+08:00") },
			want: func(capture) want {
				return want{code: flowmock.InvalidArgument, msg: `Parameter error. Timestamp must be a UTC time in the form yyyy-MM-ddTHH:mm:ssZ, got "2026-11-25T09:15:44+08:00".`}
			},
		},
		{
			name:  "bearer token",
			apply: func(k *call) { k.params.Set("SignatureType", "BEARERTOKEN"); k.params.Set("BearerToken", "tok") },
			want: func(capture) want {
				return want{code: flowmock.InvalidArgument, suffix: "(signature V1 HMAC-SHA1 or V3 ACS3-HMAC-SHA256)."}
			},
		},
	}
	for _, c := range captures {
		if c.v3 {
			continue
		}
		t.Run(c.name, func(t *testing.T) { runTampers(t, c, tampers) })
	}
}

func TestVerifyTamperedV3(t *testing.T) {
	notMatch := func(canonical string) want {
		return want{code: flowmock.SignatureNotMatch, msg: msgNotMatch + v3Tail(canonical)}
	}
	common := []tamper{
		{
			name: "signed header changed",
			edit: func(s string) string { return strings.Replace(s, "x-acs-action: ", "x-acs-action: Describe", 1) },
			want: func(c capture) want {
				return notMatch(strings.Replace(c.canonical, "x-acs-action:", "x-acs-action:Describe", 1))
			},
		},
		{
			name:  "host changed",
			apply: func(k *call) { k.r.Host = "localhost:18080" },
			want: func(c capture) want {
				return notMatch(strings.Replace(c.canonical, "host:127.0.0.1:18080", "host:localhost:18080", 1))
			},
		},
		{
			name:  "unsigned header changed",
			apply: func(k *call) { k.r.Header.Set("User-Agent", "curl/8"); k.r.Header.Set("Accept", "*/*") },
			want:  func(capture) want { return want{} },
		},
		{
			name:  "wrong secret",
			apply: func(k *call) { k.v.Credentials = map[string]string{testAccessKeyID: "otherSecret"} },
			want: func(c capture) want {
				return want{code: flowmock.SignatureNotMatch, msg: msgNotMatch + " server canonical request is:" + c.canonical + " server string to sign is:" + c.sts}
			},
		},
		{
			name:  "unknown AccessKey ID",
			apply: func(k *call) { k.v.Credentials = map[string]string{"otherAccessKeyId": testSecret} },
			want: func(capture) want {
				return want{code: flowmock.InvalidAccessKeyID, msg: "The AccessKey ID testAccessKeyId is invalid."}
			},
		},
		{
			name:  "no credentials at all",
			apply: func(k *call) { k.v.Credentials = nil },
			want: func(capture) want {
				return want{code: flowmock.InvalidAccessKeyID, msg: "The AccessKey ID testAccessKeyId is invalid."}
			},
		},
		{
			name:  "old x-acs-date",
			apply: func(k *call) { now := k.v.Now().Add(16 * time.Minute); k.v.Now = func() time.Time { return now } },
			want:  func(c capture) want { return skewed(c.at, c.at.Add(30*time.Second+16*time.Minute)) },
		},
		{
			name:  "x-acs-date in the future",
			apply: func(k *call) { now := k.v.Now().Add(-16 * time.Minute); k.v.Now = func() time.Time { return now } },
			want:  func(c capture) want { return skewed(c.at, c.at.Add(30*time.Second-16*time.Minute)) },
		},
		{
			name:  "x-acs-date not in the layout",
			apply: func(k *call) { k.r.Header.Set("x-acs-date", "Wed, 25 Nov 2026 01:15:38 GMT") },
			want: func(capture) want {
				return want{code: flowmock.InvalidArgument, msg: `Parameter error. The HTTP header 'x-acs-date' must be a UTC time in the form yyyy-MM-ddTHH:mm:ssZ, got "Wed, 25 Nov 2026 01:15:38 GMT".`}
			},
		},
		{
			name:  "missing Authorization",
			apply: func(k *call) { k.r.Header.Del("Authorization") },
			want: func(capture) want {
				return want{code: flowmock.MissingRequiredHeader, msg: "The HTTP header 'Authorization' must be specified."}
			},
		},
		{
			name:  "missing x-acs-date and x-acs-signature-nonce",
			apply: func(k *call) { k.r.Header.Del("x-acs-date"); k.r.Header.Del("x-acs-signature-nonce") },
			want: func(capture) want {
				return want{code: flowmock.MissingRequiredHeader, msg: "The HTTP header 'x-acs-date' must be specified. The HTTP header 'x-acs-signature-nonce' must be specified."}
			},
		},
		{
			name:  "malformed Authorization",
			apply: func(k *call) { k.r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=testAccessKeyId") },
			want: func(capture) want {
				return want{code: flowmock.InvalidArgument, suffix: "SignedHeaders is missing. Expected ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<name;name;...>,Signature=<hex>."}
			},
		},
		{
			name:  "unsupported Authorization scheme",
			apply: func(k *call) { k.r.Header.Set("Authorization", "Bearer abc") },
			want: func(capture) want {
				return want{code: flowmock.InvalidArgument, msg: `Parameter error. The signature algorithm "Bearer" in the HTTP header 'Authorization' is not supported; use ACS3-HMAC-SHA256, or the signature V1 parameters.`}
			},
		},
		{
			name:  "bearer token header",
			apply: func(k *call) { k.r.Header.Del("Authorization"); k.r.Header.Set("x-acs-bearer-token", "tok") },
			want: func(capture) want {
				return want{code: flowmock.InvalidArgument, suffix: "(signature V1 HMAC-SHA1 or V3 ACS3-HMAC-SHA256)."}
			},
		},
		{
			name:  "body hash mismatch",
			apply: func(k *call) { k.body = append(k.body, "&Extra=1"...) },
			want: func(c capture) want {
				if c.file == "e-darabonba-v3-post" {
					return payloadMismatch(c, "ExecutionName=exec1&FlowName=myflow&Input=%7B%22key%22%3A%22value%22%7D&Extra=1")
				}
				return payloadMismatch(c, "&Extra=1")
			},
		},
	}
	perCapture := map[string][]tamper{
		"b-darabonba-v3-get": {
			{
				name: "query value changed on the wire",
				edit: func(s string) string { return strings.Replace(s, "FlowName=myflow", "FlowName=yourflow", 1) },
				want: func(c capture) want {
					return notMatch(strings.Replace(c.canonical, "FlowName=myflow", "FlowName=yourflow", 1))
				},
			},
			{
				name: "query param added",
				edit: func(s string) string {
					return strings.Replace(s, "&Status=Succeeded", "&Status=Succeeded&Zebra=a+b", 1)
				},
				want: func(c capture) want {
					return notMatch(strings.Replace(c.canonical, "&Status=Succeeded", "&Status=Succeeded&Zebra=a%20b", 1))
				},
			},
		},
		"e-darabonba-v3-post": {
			{
				name: "body param changed on the wire",
				edit: func(s string) string { return strings.Replace(s, "FlowName=myflow", "FlowName=yourflow", 1) },
				want: func(c capture) want {
					return payloadMismatch(c, "ExecutionName=exec1&FlowName=yourflow&Input=%7B%22key%22%3A%22value%22%7D")
				},
			},
			{
				// Body parameters are covered by the payload hash, not the canonical query.
				name:  "body params in the merged params do not matter",
				apply: func(k *call) { k.params.Set("FlowName", "other") },
				want:  func(capture) want { return want{} },
			},
		},
	}
	for _, c := range captures {
		if !c.v3 {
			continue
		}
		t.Run(c.name, func(t *testing.T) { runTampers(t, c, append(common, perCapture[c.file]...)) })
	}
}

// TestVerifyRoundTrip signs requests the way this package documents for clients and checks
// that they verify, including a form body, a non-ASCII query and a nil body.
func TestVerifyRoundTrip(t *testing.T) {
	now := mustTime("2024-01-02T03:04:05Z")
	v := &signature.Verifier{Credentials: map[string]string{"ak": "sk"}, Now: func() time.Time { return now }}
	tests := []struct {
		name   string
		method string
		target string
		body   string
	}{
		{"V3 GET", http.MethodGet, "http://127.0.0.1:8080/?FlowName=f&ExecutionNamePrefix=%C3%A9+%2A~", ""},
		{"V3 POST form", http.MethodPost, "http://127.0.0.1:8080/", "FlowName=f&Input=%7B%7D"},
		{"V3 POST form with query", http.MethodPost, "http://127.0.0.1:8080/?a=1&a=2", "FlowName=f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			r, err := http.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("x-acs-action", "ListExecutions")
			r.Header.Set("x-acs-version", "2019-03-15")
			r.Header.Set("x-acs-date", now.Format(signature.TimeLayout))
			r.Header.Set("x-acs-signature-nonce", "n1")
			if body != nil {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			signature.V3SignRequest(r, body, "ak", "sk")
			if err := v.Verify(r, body, mergeParams(t, r, body)); err != nil {
				t.Errorf("Verify = %v, want nil", err)
			}
		})
	}
	t.Run("V1 form body", func(t *testing.T) {
		params := url.Values{
			"AccessKeyId": {"ak"}, "Action": {"ListExecutions"}, "FlowName": {"é *~"},
			"SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"}, "SignatureNonce": {"n1"},
			"Timestamp": {now.Format(signature.TimeLayout)}, "Version": {"2019-03-15"},
		}
		params.Set("Signature", signature.V1Sign(signature.V1StringToSign(http.MethodPost, params), "sk"))
		r, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:8080/", strings.NewReader(params.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		body := []byte(params.Encode())
		if err := v.Verify(r, body, mergeParams(t, r, body)); err != nil {
			t.Errorf("Verify = %v, want nil", err)
		}
	})
}

func TestVerifyUnsigned(t *testing.T) {
	v := &signature.Verifier{Credentials: map[string]string{"ak": "sk"}}
	r, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:8080/?Action=ListExecutions&FlowName=f", nil)
	if err != nil {
		t.Fatal(err)
	}
	err = v.Verify(r, nil, nil)
	if got, want := flowmock.ErrorCode(err), flowmock.MissingRequiredParams; got != want {
		t.Fatalf("code = %q (%v), want %q", got, err, want)
	}
	wantMsg := "The HTTP query 'Signature' must be specified. The HTTP query 'AccessKeyId' must be specified. " +
		"The HTTP query 'SignatureMethod' must be specified. The HTTP query 'SignatureVersion' must be specified. " +
		"The HTTP query 'SignatureNonce' must be specified. The HTTP query 'Timestamp' must be specified."
	if got := flowmock.ErrorMessage(err); got != wantMsg {
		t.Errorf("message:\n got %q\nwant %q", got, wantMsg)
	}
}
