package mock

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flowmock/flowmock/gen/control"
	"github.com/flowmock/flowmock/openapi"
)

// ctlAnswer is a control-plane answer the strict server writes: 200 and its body as JSON (lists
// compact, with the next page's cursor as HeaderNextCursor, absent on the last page). It keeps
// the answers byte for byte what they were before the contract; the contract tests validate
// them against the document.
type ctlAnswer struct {
	body any
	list bool
	next string
}

func ok(body any) ctlAnswer { return ctlAnswer{body: body} }

func listPage(items any, next string) ctlAnswer {
	return ctlAnswer{body: items, list: true, next: next}
}

func (a ctlAnswer) write(w http.ResponseWriter) error {
	if a.next != "" {
		w.Header().Set(HeaderNextCursor, a.next)
	}
	if a.list {
		writeList(w, a.body)
	} else {
		writeJSON(w, http.StatusOK, a.body)
	}
	return nil
}

func (a ctlAnswer) VisitGetHealthResponse(w http.ResponseWriter) error       { return a.write(w) }
func (a ctlAnswer) VisitListScenariosResponse(w http.ResponseWriter) error   { return a.write(w) }
func (a ctlAnswer) VisitListSessionsResponse(w http.ResponseWriter) error    { return a.write(w) }
func (a ctlAnswer) VisitGetSessionResponse(w http.ResponseWriter) error      { return a.write(w) }
func (a ctlAnswer) VisitSetScenarioResponse(w http.ResponseWriter) error     { return a.write(w) }
func (a ctlAnswer) VisitClearScenarioResponse(w http.ResponseWriter) error   { return a.write(w) }
func (a ctlAnswer) VisitResetSessionResponse(w http.ResponseWriter) error    { return a.write(w) }
func (a ctlAnswer) VisitListTasksResponse(w http.ResponseWriter) error       { return a.write(w) }
func (a ctlAnswer) VisitChangeClockResponse(w http.ResponseWriter) error     { return a.write(w) }
func (a ctlAnswer) VisitSetTestCaseResponse(w http.ResponseWriter) error     { return a.write(w) }
func (a ctlAnswer) VisitListRequestsResponse(w http.ResponseWriter) error    { return a.write(w) }
func (a ctlAnswer) VisitCountRequestsResponse(w http.ResponseWriter) error   { return a.write(w) }
func (a ctlAnswer) VisitClearRequestsResponse(w http.ResponseWriter) error   { return a.write(w) }
func (a ctlAnswer) VisitGetViolationsResponse(w http.ResponseWriter) error   { return a.write(w) }
func (a ctlAnswer) VisitClearViolationsResponse(w http.ResponseWriter) error { return a.write(w) }
func (a ctlAnswer) VisitListSessionExecutionsResponse(w http.ResponseWriter) error {
	return a.write(w)
}

// writeControlErr answers err in the contract's error shape: a *controlErr with its status,
// anything else 500.
func writeControlErr(w http.ResponseWriter, err error) {
	var ce *controlErr
	if !errors.As(err, &ce) {
		ce = &controlErr{status: http.StatusInternalServerError, msg: err.Error()}
	}
	writeJSON(w, ce.status, controlError{Error: ce.msg})
}

func badBody(err error) error {
	return &controlErr{status: http.StatusBadRequest, msg: "body: " + err.Error()}
}

// paramError answers a path or query parameter the generated server could not read.
func paramError(w http.ResponseWriter, r *http.Request, err error) {
	var bad *control.InvalidParamFormatError
	if errors.As(err, &bad) {
		v := r.URL.Query().Get(bad.ParamName)
		err = &controlErr{status: http.StatusBadRequest, msg: bad.ParamName + ": want a non-negative integer, got " + quote(clip(v))}
	} else {
		err = &controlErr{status: http.StatusBadRequest, msg: err.Error()}
	}
	writeControlErr(w, err)
}

// dropEmptyQuery removes empty query parameters ("?cursor=" is no cursor, as before the
// contract) before the generated server reads them.
func dropEmptyQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.RawQuery, "=&") || strings.HasSuffix(r.URL.RawQuery, "=") {
			q := r.URL.Query()
			for k, v := range q {
				if !slices.ContainsFunc(v, func(s string) bool { return s != "" }) {
					delete(q, k)
				}
			}
			r.URL.RawQuery = q.Encode()
		}
		next.ServeHTTP(w, r)
	})
}

// unrouted answers a request the contract does not route: 405 (with Allow) on a declared path
// with another method, else 404; both list the contract's routes.
func unrouted(w http.ResponseWriter, r *http.Request) {
	rt := contractRoutes()
	msg, status := "no control-plane route "+r.Method+" "+r.URL.Path, http.StatusNotFound
	if _, pattern := rt.paths.Handler(r); pattern != "" {
		allow := rt.methods[pattern]
		w.Header().Set("Allow", strings.Join(allow, ", "))
		msg, status = "method "+r.Method+" not allowed on "+r.URL.Path+"; allowed: "+strings.Join(allow, ", "), http.StatusMethodNotAllowed
	}
	writeJSON(w, status, controlError{Error: msg, Routes: &rt.list})
}

// ctlRoutes are the contract's routes: "METHOD /path" sorted, and the methods of each path.
type ctlRoutes struct {
	list    []string
	paths   *http.ServeMux
	methods map[string][]string
}

// contractRoutes reads the routes from the embedded contract, once, on the first request
// for a route it does not declare (start-up does not decode the document).
var contractRoutes = sync.OnceValue(func() *ctlRoutes {
	rt := &ctlRoutes{paths: http.NewServeMux(), methods: map[string][]string{}}
	doc, err := openapi3.NewLoader().LoadFromData(openapi.ControlJSON)
	if err != nil {
		panic("mock: the embedded control-plane contract does not load: " + err.Error())
	}
	for path, item := range doc.Paths.Map() {
		rt.paths.HandleFunc(path, http.NotFound)
		for method := range item.Operations() {
			rt.list = append(rt.list, method+" "+path)
			rt.methods[path] = append(rt.methods[path], method)
		}
		slices.Sort(rt.methods[path])
	}
	slices.Sort(rt.list)
	return rt
})

func (a ctlAnswer) VisitListSchedulesResponse(w http.ResponseWriter) error { return a.write(w) }
func (a ctlAnswer) VisitListTestCasesResponse(w http.ResponseWriter) error { return a.write(w) }
func (a ctlAnswer) VisitGetTestCaseResponse(w http.ResponseWriter) error   { return a.write(w) }
