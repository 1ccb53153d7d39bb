package signature_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/signature"
)

// The classic example of Alibaba's RPC signature documentation.
func ExampleV1StringToSign() {
	params := url.Values{
		"AccessKeyId":      {"testid"},
		"Action":           {"DescribeRegions"},
		"Format":           {"XML"},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureNonce":   {"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
		"SignatureVersion": {"1.0"},
		"Timestamp":        {"2016-02-23T12:46:24Z"},
		"Version":          {"2014-05-26"},
	}
	sts := signature.V1StringToSign("GET", params)
	fmt.Println(sts)
	fmt.Println(signature.V1Sign(sts, "testsecret"))
	// Output:
	// GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26
	// OLeaidS1JvxuMvnyHOwuJ+uX5qY=
}

// A server verifies a request before it looks at the parameters, and answers the error's
// code and message.
func ExampleVerifier_VerifyRequest() {
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	v := &signature.Verifier{
		Credentials: map[string]string{"testAccessKeyId": "testSecret"},
		Now:         func() time.Time { return now },
	}

	// A V1 request as an SDK would send it.
	params := url.Values{
		"AccessKeyId": {"testAccessKeyId"}, "Action": {"ListExecutions"}, "FlowName": {"my_flow"},
		"SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"}, "SignatureNonce": {"n1"},
		"Timestamp": {"2024-01-02T03:04:05Z"}, "Version": {"2019-03-15"},
	}
	params.Set("Signature", signature.V1Sign(signature.V1StringToSign("GET", params), "testSecret"))
	r, _ := http.NewRequest("GET", "http://127.0.0.1:8080/?"+params.Encode(), nil)

	// The server verifies the request as it came off the wire (no body here).
	fmt.Println(v.VerifyRequest(r, nil))

	// Someone changes a parameter on the way.
	r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "FlowName=my_flow", "FlowName=other_flow", 1)
	err := v.VerifyRequest(r, nil)
	msg := flowmock.ErrorMessage(err)
	fmt.Println(flowmock.ErrorCode(err))
	fmt.Println(msg[strings.Index(msg, "server string to sign is:"):])
	// Output:
	// <nil>
	// SignatureNotMatch
	// server string to sign is:GET&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DListExecutions%26FlowName%3Dother_flow%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dn1%26SignatureVersion%3D1.0%26Timestamp%3D2024-01-02T03%253A04%253A05Z%26Version%3D2019-03-15
}
