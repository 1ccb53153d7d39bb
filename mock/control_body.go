package mock

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"

	"github.com/flowmock/flowmock/gen/control"
)

// maxControlBody caps a control-plane request body.
const maxControlBody = 64 << 10

// bodies are the request bodies of the contract's operations, by route: strictBody decodes
// each strictly (no unknown fields, at most maxControlBody bytes), once. TestControlBodies
// checks it names every operation with a body.
var bodies = map[string]func() any{
	"PUT /_mock/sessions/{id}/scenario":  func() any { return new(control.ScenarioChange) },
	"POST /_mock/sessions/{id}/clock":    func() any { return new(control.ClockChange) },
	"PUT /_mock/sessions/{id}/test-case": func() any { return new(control.TestCaseChange) },
}

// strictBody refuses a request body that is too long, not JSON, or has fields its schema does
// not declare, naming why. It decodes the body once: the generated server binds nothing from
// it (decodedBody), and handBody gives the decoded value to the operation.
func strictBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto, ok := bodies[r.Pattern]
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		v := proto()
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxControlBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			writeControlErr(w, badBody(err))
			return
		}
		r.Body = &decodedBody{v: v}
		next.ServeHTTP(w, r)
	})
}

// decodedBody is a request body strictBody has decoded into v. It reads as empty, and tells
// the generated server's runtime.BindJSONBody that it holds an already validated value, a
// JSON null, which binds to nothing without decoding anything.
type decodedBody struct{ v any }

func (*decodedBody) Read([]byte) (int, error) { return 0, io.EOF }
func (*decodedBody) Close() error             { return nil }
func (*decodedBody) ValidatedValue() any      { return nil }

var errBodyType = errors.New("the decoded body does not fit the operation's request")

// handBody is the strict server's middleware that puts the value strictBody decoded in the
// Body field of the operation's request object.
func handBody(f control.StrictHandlerFunc, _ string) control.StrictHandlerFunc {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, req any) (any, error) {
		d, ok := r.Body.(*decodedBody)
		if !ok {
			return f(ctx, w, r, req)
		}
		obj := reflect.New(reflect.TypeOf(req)).Elem()
		obj.Set(reflect.ValueOf(req))
		body := obj.FieldByName("Body")
		if !body.IsValid() || body.Type() != reflect.TypeOf(d.v) {
			return nil, errBodyType
		}
		body.Set(reflect.ValueOf(d.v))
		return f(ctx, w, r, obj.Interface())
	}
}
