package signature_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/signature"
)

func TestPercentEncode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"unreserved kept", "AZaz09-_.~", "AZaz09-_.~"},
		{"space is %20", "run 1", "run%201"},
		{"star is %2A", "*", "%2A"},
		{"tilde kept", "~", "~"},
		{"plus", "a+b", "a%2Bb"},
		{"slash", "/", "%2F"},
		{"reserved", "!'()=&:?#[]@$,;", "%21%27%28%29%3D%26%3A%3F%23%5B%5D%40%24%2C%3B"},
		{"percent", "100%", "100%25"},
		{"quote and braces", `{"k":"v"}`, "%7B%22k%22%3A%22v%22%7D"},
		{"UTF-8 upper-case hex", "é中", "%C3%A9%E4%B8%AD"},
		{"control bytes", "\n\x00\x7f", "%0A%00%7F"},
		{"capture prefix", "run 1*~", "run%201%2A~"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := signature.PercentEncode(tt.in); got != tt.want {
				t.Errorf("PercentEncode(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestV1Vectors checks the V1 vectors of wire-protocol.md §2.3.
func TestV1Vectors(t *testing.T) {
	tests := []struct {
		name          string
		method        string
		params        map[string]string
		secret        string
		wantSTS       string
		wantSignature string
	}{
		{
			name:   "classic ECS doc example",
			method: "GET",
			params: map[string]string{
				"AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML",
				"SignatureMethod": "HMAC-SHA1", "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
				"SignatureVersion": "1.0", "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26",
			},
			secret:        "testsecret",
			wantSTS:       "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
			wantSignature: "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
		},
		{
			name:   "old Go SDK TestRpcSignatureComposer",
			method: "GET",
			params: map[string]string{
				"Version": "", "Action": "", "Format": "JSON", "Timestamp": "mock date",
				"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureType": "",
				"SignatureNonce": "MOCK_UUID", "AccessKeyId": "accessKeyId", "RegionId": "regionId",
			},
			secret:        "accessKeySecret",
			wantSTS:       "GET&%2F&AccessKeyId%3DaccessKeyId%26Action%3D%26Format%3DJSON%26RegionId%3DregionId%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3DMOCK_UUID%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3Dmock%2520date%26Version%3D",
			wantSignature: "7loPmFjvDnzOVnQeQNj85S6nFGY=",
		},
		{
			name:          "Darabonba Test_GetRPCSignature",
			method:        "",
			params:        map[string]string{"test": "ok"},
			secret:        "accessKeySecret",
			wantSTS:       "&%2F&test%3Dok",
			wantSignature: "jHx/oHoHNrbVfhncHEvPdHXZwHU=",
		},
		{
			name:   "fnf golden vector",
			method: "GET",
			params: map[string]string{
				"AccessKeyId": "testAccessKeyId", "Action": "ListExecutions", "ExecutionNamePrefix": "run 1*~",
				"FlowName": "my_flow", "Format": "JSON", "Limit": "10", "RegionId": "cn-hangzhou",
				"SignatureMethod": "HMAC-SHA1", "SignatureNonce": "c9a7e6c1f2b34d5e8f90a1b2c3d4e5f6",
				"SignatureVersion": "1.0", "StartedTimeBegin": "2020-12-02T02:39:20.402Z", "Status": "Succeeded",
				"Timestamp": "2024-01-02T03:04:05Z", "Version": "2019-03-15",
			},
			secret:        "testSecret",
			wantSTS:       "GET&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DListExecutions%26ExecutionNamePrefix%3Drun%25201%252A~%26FlowName%3Dmy_flow%26Format%3DJSON%26Limit%3D10%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dc9a7e6c1f2b34d5e8f90a1b2c3d4e5f6%26SignatureVersion%3D1.0%26StartedTimeBegin%3D2020-12-02T02%253A39%253A20.402Z%26Status%3DSucceeded%26Timestamp%3D2024-01-02T03%253A04%253A05Z%26Version%3D2019-03-15",
			wantSignature: "NekSmm5qqg2PrJg0zDnKHM3oxi0=",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := url.Values{}
			for k, v := range tt.params {
				params.Set(k, v)
			}
			// A Signature parameter is never part of what is signed.
			params.Set("Signature", "ignored")
			sts := signature.V1StringToSign(tt.method, params)
			if got, want := sts, tt.wantSTS; got != want {
				t.Fatalf("V1StringToSign:\n got %s\nwant %s", got, want)
			}
			if got, want := signature.V1Sign(sts, tt.secret), tt.wantSignature; got != want {
				t.Errorf("V1Sign = %s, want %s", got, want)
			}
		})
	}
}

// TestV3Vectors checks the V3 vectors of wire-protocol.md §2.3.
func TestV3Vectors(t *testing.T) {
	tests := []struct {
		name          string
		method, path  string
		query         url.Values
		header        http.Header // raw keys, as the SDK's map has them
		host          string
		payloadHash   string
		accessKeyID   string
		secret        string
		wantSigned    []string
		wantCanonical string // "" when the source gives none
		wantSTS       string // "" when the source gives none
		wantAuth      string
	}{
		{
			// The header map has one name in two cases: both values are signed, sorted and
			// joined with ",".
			name:        "Darabonba Test_GetAuthorization",
			query:       url.Values{"test": {"ok"}, "empty": {""}},
			header:      http.Header{"x-acs-test": {"http"}, "x-acs-TEST": {"https"}},
			payloadHash: "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
			accessKeyID: "acesskey",
			secret:      "secret",
			wantSigned:  []string{"x-acs-test"},
			wantCanonical: "\n/\nempty=&test=ok\n" +
				"x-acs-test:http,https\n\n" +
				"x-acs-test\n" +
				"55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
			wantAuth: "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3",
		},
		{
			name:   "fnf golden vector",
			method: "GET",
			path:   "/",
			query:  url.Values{"FlowName": {"my_flow"}, "Limit": {"10"}, "ExecutionNamePrefix": {"run 1*~"}},
			header: http.Header{
				"host":                  {"127.0.0.1:18080"},
				"x-acs-action":          {"ListExecutions"},
				"x-acs-version":         {"2019-03-15"},
				"x-acs-date":            {"2024-01-02T03:04:05Z"},
				"x-acs-signature-nonce": {"c9a7e6c1f2b34d5e8f90a1b2c3d4e5f6"},
				"x-acs-content-sha256":  {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
				"user-agent":            {"AlibabaCloud (linux; amd64) Golang/1.26.8 Core/0.01 TeaDSL/2"},
				"accept":                {"application/json"},
			},
			payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			accessKeyID: "testAccessKeyId",
			secret:      "testSecret",
			wantSigned:  []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"},
			wantCanonical: "GET\n/\nExecutionNamePrefix=run%201%2A~&FlowName=my_flow&Limit=10\n" +
				"host:127.0.0.1:18080\n" +
				"x-acs-action:ListExecutions\n" +
				"x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
				"x-acs-date:2024-01-02T03:04:05Z\n" +
				"x-acs-signature-nonce:c9a7e6c1f2b34d5e8f90a1b2c3d4e5f6\n" +
				"x-acs-version:2019-03-15\n" +
				"\n" +
				"host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n" +
				"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			wantSTS:  "ACS3-HMAC-SHA256\n5a86979553133a27d0bbc3ece159ee7a1de537051035d38ce8b10ea795e465eb",
			wantAuth: "ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=0c1f823618bc60a99c39f139c0d61477887f6a0835377fad05b94732348b492c",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed := signature.V3SignedHeaders(tt.header, tt.host)
			if got, want := signed, tt.wantSigned; !slices.Equal(got, want) {
				t.Fatalf("V3SignedHeaders = %q, want %q", got, want)
			}
			canonical := signature.V3CanonicalRequest(tt.method, tt.path, tt.query, tt.header, tt.host, signed, tt.payloadHash)
			if tt.wantCanonical != "" && canonical != tt.wantCanonical {
				t.Fatalf("V3CanonicalRequest:\n got %q\nwant %q", canonical, tt.wantCanonical)
			}
			sts := signature.V3StringToSign(canonical)
			if tt.wantSTS != "" && sts != tt.wantSTS {
				t.Fatalf("V3StringToSign = %q, want %q", sts, tt.wantSTS)
			}
			auth := signature.Authorization{
				Algorithm:     signature.V3Algorithm,
				AccessKeyID:   tt.accessKeyID,
				SignedHeaders: signed,
				Signature:     signature.V3Sign(sts, tt.secret),
			}
			if got, want := auth.String(), tt.wantAuth; got != want {
				t.Errorf("Authorization:\n got %s\nwant %s", got, want)
			}
			parsed, err := signature.ParseAuthorization(tt.wantAuth)
			if err != nil {
				t.Fatalf("ParseAuthorization(%q): %v", tt.wantAuth, err)
			}
			if got, want := parsed.String(), tt.wantAuth; got != want {
				t.Errorf("ParseAuthorization round trip = %s, want %s", got, want)
			}
		})
	}
}

func TestV3PayloadHash(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want string
	}{
		{"nil", nil, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"empty", []byte{}, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		// The StartExecution form body of capture E (wire-protocol.md §1.4).
		{"capture E body", []byte("ExecutionName=exec1&FlowName=myflow&Input=%7B%22key%22%3A%22value%22%7D"), "be6c7c4e30e7e9af38f15971ce9108a2fe4e793454d58e1149e8b949f85b88fa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := signature.V3PayloadHash(tt.body); got != tt.want {
				t.Errorf("V3PayloadHash = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestV3CanonicalRequestPath(t *testing.T) {
	tests := []struct{ path, want string }{
		{"", "/"},
		{"/", "/"},
		{"/a+b*c%7Ed", "/a%20b%2Ac~d"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			c := signature.V3CanonicalRequest("GET", tt.path, nil, nil, "", nil, "h")
			if got, want := c, "GET\n"+tt.want+"\n\n\n\nh"; got != want {
				t.Errorf("V3CanonicalRequest = %q, want %q", got, want)
			}
		})
	}
}

func TestParseAuthorization(t *testing.T) {
	good := []struct {
		name, in string
		want     signature.Authorization
	}{
		{
			name: "SDK form",
			in:   "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-date,Signature=abc",
			want: signature.Authorization{Algorithm: "ACS3-HMAC-SHA256", AccessKeyID: "ak", SignedHeaders: []string{"host", "x-acs-date"}, Signature: "abc"},
		},
		{
			name: "spaces and another order",
			in:   "ACS3-HMAC-SHA256 Signature=abc, Credential=ak, SignedHeaders=host",
			want: signature.Authorization{Algorithm: "ACS3-HMAC-SHA256", AccessKeyID: "ak", SignedHeaders: []string{"host"}, Signature: "abc"},
		},
	}
	for _, tt := range good {
		t.Run(tt.name, func(t *testing.T) {
			got, err := signature.ParseAuthorization(tt.in)
			if err != nil {
				t.Fatalf("ParseAuthorization(%q): %v", tt.in, err)
			}
			if got.Algorithm != tt.want.Algorithm || got.AccessKeyID != tt.want.AccessKeyID ||
				!slices.Equal(got.SignedHeaders, tt.want.SignedHeaders) || got.Signature != tt.want.Signature {
				t.Errorf("ParseAuthorization(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}

	bad := []struct{ name, in string }{
		{"empty", ""},
		{"algorithm only", "ACS3-HMAC-SHA256"},
		{"other algorithm", "ACS4-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=abc"},
		{"no Credential", "ACS3-HMAC-SHA256 SignedHeaders=host,Signature=abc"},
		{"no SignedHeaders", "ACS3-HMAC-SHA256 Credential=ak,Signature=abc"},
		{"no Signature", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host"},
		{"empty Signature", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature="},
		{"twice", "ACS3-HMAC-SHA256 Credential=ak,Credential=ak,SignedHeaders=host,Signature=abc"},
		{"unknown field", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=abc,Scope=x"},
		{"not name=value", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,abc"},
		{"empty header name", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;;x-acs-date,Signature=abc"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := signature.ParseAuthorization(tt.in)
			if got, want := flowmock.ErrorCode(err), flowmock.InvalidArgument; got != want {
				t.Errorf("ParseAuthorization(%q) code = %q (%v), want %q", tt.in, got, err, want)
			}
		})
	}
}
