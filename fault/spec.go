package fault

import (
	"context"
	"net/http"
)

// Spec is a fault as a decision names it: a kind with its settings, a plain value. The zero
// Spec is no fault. The scenario engine decides on a Spec; the server applies it with Apply.
type Spec struct{ f Fault }

// Of is the Spec of f (a fault decoded or built in Go); nil gives the zero Spec.
func Of(f Fault) Spec { return Spec{f: f} }

// IsZero reports whether s is no fault.
func (s Spec) IsZero() bool { return s.f == nil }

// Name returns the wire name of the fault, "" for the zero Spec.
func (s Spec) Name() string {
	if s.f == nil {
		return ""
	}
	return s.f.Name()
}

// BreaksWire reports whether the fault's point is to break the wire; false for the zero Spec.
func (s Spec) BreaksWire() bool { return s.f != nil && s.f.BreaksWire() }

// Apply answers a request with the fault s names, given the response the server would have
// sent (see Fault.Apply). With the zero Spec it writes that response unchanged.
func Apply(ctx context.Context, w http.ResponseWriter, s Spec, status int, header http.Header, body []byte) error {
	if s.f == nil {
		for k, v := range header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		_, err := w.Write(body)
		return err
	}
	return s.f.Apply(ctx, w, status, header, body)
}
