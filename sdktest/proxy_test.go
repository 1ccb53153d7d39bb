package sdktest_test

import (
	"net/http"
	"testing"

	"github.com/flowmock/flowmock/mocktest"
	"github.com/flowmock/flowmock/proxy"
)

// TestSDKsThroughProxy: the official Go SDKs, unchanged, call `flowmock proxy` with their own
// key; the proxy signs again with the upstream's key, and the upstream (--auth verify, which
// knows only that key) answers. Pages and typed errors come through as from the upstream,
// with no contract violation.
func TestSDKsThroughProxy(t *testing.T) {
	const upID, upSecret = "upstreamKeyId", "upstreamSecret"
	upstream := mocktest.NewUnstartedServer(t)
	upstream.Config.Auth, upstream.Config.AccessKeyID, upstream.Config.AccessKeySecret = "verify", upID, upSecret
	upstream.Start()
	up, err := proxy.New(proxy.Config{URL: upstream.URL, Credentials: proxy.Credentials{AccessKeyID: upID, AccessKeySecret: upSecret, Source: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	p := mocktest.NewUnstartedServer(t)
	p.Config.Upstream = up
	p.Start()
	for _, kind := range clientKinds {
		t.Run(kind.name, func(t *testing.T) {
			c, err := kind.new(p.Endpoint(), testAccessKeyID, testSecret)
			if err != nil {
				t.Fatal(err)
			}
			pg, err := c.list(query{FlowName: bigFlow, Limit: "10"}, nil)
			if err != nil {
				t.Fatalf("ListExecutions through the proxy: %v", err)
			}
			if pg.Status != http.StatusOK || len(pg.Executions) != 10 || pg.NextToken == "" || pg.RequestID != pg.HeaderRequestID {
				t.Errorf("page: status %d, %d executions, token %q, request ids %q/%q; want 200, 10, a token, the same id", pg.Status, len(pg.Executions), pg.NextToken, pg.RequestID, pg.HeaderRequestID)
			}
			next, err := c.list(query{FlowName: bigFlow, Limit: "10", NextToken: pg.NextToken}, nil)
			if err != nil || len(next.Executions) != 10 || next.Executions[0].Name == pg.Executions[0].Name {
				t.Errorf("second page: %v, %d executions; want the next 10", err, len(next.Executions))
			}
			_, err = c.list(query{FlowName: "no_such_flow"}, nil)
			if e, ok := c.apiError(err); !ok || e.Code != "FlowNotExists" || e.Status != http.StatusNotFound {
				t.Errorf("unknown flow: %v (%+v), want the SDK's typed FlowNotExists 404", err, e)
			}
		})
	}
	if v := p.Mock.Violations(); v.Total != 0 || len(v.Transport) != 0 || v.Checked["ListExecutions"] != 3*len(clientKinds) {
		t.Errorf("violations %v, transport %v, checked %v; want none and every call checked", v.Violations, v.Transport, v.Checked)
	}
}
