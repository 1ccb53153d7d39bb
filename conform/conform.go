// Package conform checks an answer of the real service (or any server that speaks the wire)
// against the contract: the status among the action's declared ones, the Alibaba error
// envelope, a 200 body against the action's schema, an error code against the action's
// catalogue and its status. It is the judge of the validating proxy and of verify; it
// neither sends nor changes anything.
package conform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/contract"
)

// The kinds of violation, one metric label each.
const (
	KindAction     = "action"      // the action is not in the contract
	KindStatus     = "status"      // a status the action does not declare
	KindEnvelope   = "envelope"    // an error body that is not the Alibaba envelope
	KindCode       = "code"        // an error code outside the action's catalogue
	KindCodeStatus = "code-status" // a declared code answered with another status
	KindSchema     = "schema"      // a 200 body outside the action's schema
	KindHeader     = "header"      // Content-Type or another header the contract fixes
)

// Violation is one way an answer breaks the contract.
type Violation struct {
	Action    string `json:"action"`
	Kind      string `json:"kind"`
	Pointer   string `json:"pointer"` // RFC 6901 pointer into the body; "" is the whole body
	Rule      string `json:"rule"`    // the schema keyword or contract rule broken
	Message   string `json:"message"`
	Status    int    `json:"status"`
	Code      string `json:"code,omitempty"`
	RequestID string `json:"requestId,omitempty"`
}

// String is the violation on one line: action, status, kind, the pointer into the body
// (when the violation is in the body), rule and message.
func (v Violation) String() string {
	where := " "
	switch {
	case v.Pointer != "":
		where = " " + v.Pointer + " "
	case v.Kind == KindSchema || v.Kind == KindEnvelope:
		where = " / "
	}
	return fmt.Sprintf("%s %d: %s%s(%s): %s", v.Action, v.Status, v.Kind, where, v.Rule, v.Message)
}

// Checker checks answers against one contract. It is safe for concurrent use.
type Checker struct {
	con  *contract.Contract
	opts *openapi3filter.Options
}

// New returns a Checker of con.
func New(con *contract.Contract) *Checker {
	return &Checker{con: con, opts: &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}}
}

// maxViolations bounds what one answer can report: a hostile body of a million wrong items
// gives the first ones and a count.
const maxViolations = 50

// Check returns every way the answer (status, header, body) to action breaks the contract,
// ordered by pointer; nil when it conforms.
func (c *Checker) Check(action string, status int, header http.Header, body []byte) []Violation {
	a, ok := c.con.Action(action)
	if !ok {
		return []Violation{{Action: action, Kind: KindAction, Rule: "operationId", Status: status,
			Message: fmt.Sprintf("the action %q is not in the contract", action)}}
	}
	r := &result{action: action, status: status}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		r.add(bodyKind(status), "", "json", "the body is not a JSON object: "+shorten(err.Error()))
	} else {
		r.requestID, _ = doc["RequestId"].(string)
		if status != http.StatusOK {
			r.code, _ = doc["Code"].(string)
		}
	}
	if !a.Errors.Declares(status) {
		r.add(KindStatus, "", "declared statuses", fmt.Sprintf("status %d is not declared by %s; declared: %s", status, action, ints(a.Errors.Statuses())))
	} else if doc != nil {
		c.schema(r, a, header, body)
	}
	if status != http.StatusOK && doc != nil {
		c.code(r, a)
	}
	return r.sorted()
}

// schema validates the body against the response the action declares for the status.
func (c *Checker) schema(r *result, a *contract.Action, header http.Header, body []byte) {
	req, err := http.NewRequest(a.Method, a.Route.Path, nil)
	if err != nil {
		r.add(KindAction, "", "route", err.Error())
		return
	}
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	before := len(r.out)
	c.validate(r, req, a, h, body)
	for _, v := range r.out[before:] {
		if v.Kind == KindHeader {
			// kin-openapi does not look at a body of the wrong media type: look again as
			// JSON, so the body's own drift is reported too.
			h.Set("Content-Type", "application/json")
			c.validate(r, req, a, h, body)
			break
		}
	}
}

func (c *Checker) validate(r *result, req *http.Request, a *contract.Action, h http.Header, body []byte) {
	in := &openapi3filter.RequestValidationInput{Request: req, Route: a.Route, Options: c.opts}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.status, Header: h, Options: c.opts}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		r.explain(err, bodyKind(r.status))
	}
}

// code checks an error answer's code against the action's catalogue.
func (c *Checker) code(r *result, a *contract.Action) {
	if r.code == "" {
		return // the envelope check said Code is missing or not a string
	}
	e, ok := a.Errors.Lookup(flowmock.Code(r.code))
	switch {
	case !ok:
		r.add(KindCode, "/Code", "catalogue", fmt.Sprintf("error code %q is not in %s's catalogue", r.code, a.Name))
	case e.Status != r.status:
		r.add(KindCodeStatus, "", "catalogue status", fmt.Sprintf("error code %s is declared with status %d, answered with %d", r.code, e.Status, r.status))
	}
}

func bodyKind(status int) string {
	if status == http.StatusOK {
		return KindSchema
	}
	return KindEnvelope
}

// result gathers one answer's violations.
type result struct {
	action, code, requestID string
	status                  int
	out                     []Violation
	dropped                 int
}

func (r *result) add(kind, pointer, rule, msg string) {
	if len(r.out) >= maxViolations {
		r.dropped++
		return
	}
	r.out = append(r.out, Violation{Action: r.action, Kind: kind, Pointer: pointer, Rule: rule, Message: msg, Status: r.status, Code: r.code, RequestID: r.requestID})
}

// explain turns kin-openapi's error tree into violations.
func (r *result) explain(err error, kind string) {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		for _, e := range me {
			r.explain(e, kind)
		}
		return
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		if o, ok := se.Origin.(openapi3.MultiError); ok {
			r.explain(o, kind)
			return
		}
		if len(r.out) >= maxViolations {
			r.dropped++
			return
		}
		pointer, rule := Pointer(se.JSONPointer()), se.SchemaField
		// kin-openapi reports an undeclared property on its object ("properties"); the
		// pointer names the property itself, and the rule is the one it breaks.
		if m := unsupported.FindStringSubmatch(se.Reason); m != nil {
			pointer, rule = pointer+Pointer([]string{m[1]}), "additionalProperties"
		}
		r.add(kind, pointer, rule, shorten(se.Reason))
		return
	}
	var re *openapi3filter.ResponseError
	if errors.As(err, &re) {
		if re.Err != nil {
			r.explain(re.Err, kind)
			return
		}
		rule := "response"
		if strings.Contains(strings.ToLower(re.Reason), "content") {
			kind, rule = KindHeader, "Content-Type"
		}
		r.add(kind, "", rule, shorten(re.Reason))
		return
	}
	r.add(kind, "", "response", shorten(err.Error()))
}

func (r *result) sorted() []Violation {
	if r.dropped > 0 {
		r.out = append(r.out, Violation{Action: r.action, Kind: r.out[0].Kind, Rule: "limit", Status: r.status, Code: r.code, RequestID: r.requestID,
			Message: fmt.Sprintf("%d more violations in this answer not listed", r.dropped)})
	}
	sort.SliceStable(r.out, func(i, j int) bool { return r.out[i].Pointer < r.out[j].Pointer })
	return r.out
}

var (
	escape      = strings.NewReplacer("~", "~0", "/", "~1")
	unsupported = regexp.MustCompile(`^property "(.*)" is unsupported$`)
)

// Pointer writes path as an RFC 6901 JSON pointer.
func Pointer(path []string) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteByte('/')
		b.WriteString(escape.Replace(p))
	}
	return b.String()
}

func ints(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

func shorten(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}
