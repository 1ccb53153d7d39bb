package mock_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// TestRequestLogLine: one info line per request, in the logger's format, its fields in a
// fixed order and the empty ones left out.
func TestRequestLogLine(t *testing.T) {
	// The time and the duration change from run to run: left out and zeroed.
	steady := &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		switch a.Key {
		case slog.TimeKey:
			return slog.Attr{}
		case "duration_ms":
			return slog.Float64(a.Key, 0)
		}
		return a
	}}
	const page = "/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=2"
	tests := []struct {
		name    string
		handler func(*bytes.Buffer) slog.Handler
		url     string
		header  http.Header
		want    string
	}{
		{
			name:    "text",
			handler: func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, steady) },
			url:     page,
			want:    "level=INFO msg=request request_id=BE3F90B2-0967-4EEC-905C-768AD49F146C session=default method=GET action=ListExecutions status=200 duration_ms=0\n",
		},
		{
			name:    "json",
			handler: func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, steady) },
			url:     page,
			want:    `{"level":"INFO","msg":"request","request_id":"BE3F90B2-0967-4EEC-905C-768AD49F146C","session":"default","method":"GET","action":"ListExecutions","status":200,"duration_ms":0}` + "\n",
		},
		{
			name:    "error code and session",
			handler: func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, steady) },
			url:     "/?Action=ListExecutions&Version=2019-03-15&FlowName=nope",
			header:  http.Header{mock.HeaderSession: {"s1"}},
			want:    "level=INFO msg=request request_id=BE3F90B2-0967-4EEC-905C-768AD49F146C session=s1 method=GET action=ListExecutions status=404 code=FlowNotExists duration_ms=0\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			srv, err := mock.New(mock.Config{Data: defaultFixtures(t), Seed: 1, Logger: slog.New(tt.handler(&buf))})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(srv.Close)
			req := httptest.NewRequest(http.MethodGet, tt.url, nil)
			for k, v := range tt.header {
				req.Header[k] = v
			}
			srv.ServeHTTP(httptest.NewRecorder(), req)
			if got := buf.String(); got != tt.want {
				t.Errorf("log line:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
