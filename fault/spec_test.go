package fault_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/flowmock/flowmock/fault"
)

func TestSpec(t *testing.T) {
	t.Run("zero writes the response unchanged", func(t *testing.T) {
		var s fault.Spec
		if !s.IsZero() || s.Name() != "" || s.BreaksWire() {
			t.Fatalf("zero Spec = %v %q %v, want zero, no name, not breaking", s.IsZero(), s.Name(), s.BreaksWire())
		}
		rec := httptest.NewRecorder()
		err := fault.Apply(context.Background(), rec, s, http.StatusTeapot, http.Header{"X-A": {"1"}}, []byte("body"))
		if err != nil || rec.Code != http.StatusTeapot || rec.Body.String() != "body" || rec.Header().Get("X-A") != "1" {
			t.Errorf("Apply(zero) = %v: %d %q %v, want 418 body with X-A", err, rec.Code, rec.Body, rec.Header())
		}
	})
	t.Run("a decoded fault", func(t *testing.T) {
		f, err := fault.Decode("truncate", []byte(`{"fraction":0.5}`))
		if err != nil {
			t.Fatal(err)
		}
		s := fault.Of(f)
		if s.IsZero() || s.Name() != "truncate" || !s.BreaksWire() {
			t.Errorf("Spec = %v %q %v, want truncate, breaking the wire", s.IsZero(), s.Name(), s.BreaksWire())
		}
	})
}
