package sdktest_test

import (
	"testing"

	"github.com/flowmock/flowmock/mocktest"
)

// The matrices the SDK tests run in: every auth mode, and every request style of a client.

// runDaraSteps runs the steps steps returns, in order, for every auth mode and Darabonba
// signature, in parallel subtests, each against a mock of its own (configured by configure) and a
// session that prepare readies first.
func runDaraSteps(t *testing.T, steps func() []daraStep, prepare func(*mocktest.Session), configure ...func(*mocktest.Server)) {
	for _, auth := range authModes {
		t.Run(auth.name, func(t *testing.T) {
			t.Parallel()
			for _, k := range daraKinds {
				t.Run(k.name, func(t *testing.T) {
					t.Parallel()
					// One mock per Darabonba client: tea v1.5.4 races when two clients call
					// the same host:port concurrently (see TestConformance).
					wire := newWireLog()
					h := newHarness(t, auth, append([]func(*mocktest.Server){withMiddleware(wire.middleware)}, configure...)...)
					c, err := newDarabonbaClient(h.srv.Endpoint(), testAccessKeyID, testSecret, k.algorithm)
					if err != nil {
						t.Fatalf("new client: %v", err)
					}
					session := h.srv.Session(t)
					prepare(session)
					d := &daraRun{h: h, c: c, session: session.ID, wire: wire}
					for _, s := range steps() {
						step(t, k.name+" "+auth.name, s.row, s.name, func(t *testing.T) { s.run(t, d) })
					}
				})
			}
		})
	}
}

// runOldSDK runs run, a life cycle through the old Go SDK, for every auth mode and request
// style (GET, POST), in parallel subtests: a mock per auth mode (configured by configure), a client
// and session per style. column names the action matrix column.
func runOldSDK(t *testing.T, run func(t *testing.T, o *oldRun, column string), configure ...func(*mocktest.Server)) {
	for _, auth := range authModes {
		t.Run(auth.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, auth, configure...)
			for _, style := range oldStyles {
				t.Run(style.name, func(t *testing.T) {
					t.Parallel()
					newClientMu.Lock()
					c, err := newOldFnfClient(h.srv.Endpoint(), testAccessKeyID, testSecret)
					newClientMu.Unlock()
					if err != nil {
						t.Fatalf("new client: %v", err)
					}
					o := &oldRun{h: h, c: c, method: style.method, session: h.srv.Session(t).ID}
					run(t, o, style.name+" "+auth.name)
				})
			}
		})
	}
}
