package mock_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// TestFaultOnLastPage: a fault applied to a page written as head and tail gets the whole body.
func TestFaultOnLastPage(t *testing.T) {
	h := newScenarioHarness(t, mock.Config{})
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(session, scenario string) (*http.Response, []byte, error) {
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/?"+base+"FlowName=order_pipeline&Limit=100&RequestId=x", nil)
		req.Header.Set("X-Mock-Session", session)
		if scenario != "" {
			req.Header.Set("X-Mock-Scenario", scenario)
		}
		res, err := client.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return res, b, err
	}
	_, want, err := get("plain", "")
	if err != nil {
		t.Fatal(err)
	}
	res, body, err := get("dr", "dribble-fast")
	if err != nil || !bytes.Equal(body, want) || res.Header.Get("Content-Length") != strconv.Itoa(len(want)) {
		t.Fatalf("dribble: %v %d bytes, want %d; CL %s", err, len(body), len(want), res.Header.Get("Content-Length"))
	}
	for range 3 {
		get("bw", "broken-wire")
	}
	_, body, err = get("bw", "broken-wire")
	wantM := append(append([]byte{}, want[:len(want)-1]...), ',', '}')
	if err != nil || !bytes.Equal(body, wantM) {
		t.Fatalf("malformed: %v\n%s\nwant\n%s", err, body[max(0, len(body)-80):], wantM[len(wantM)-80:])
	}
}
