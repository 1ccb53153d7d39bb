package mock

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/page"
)

// problem is one thing wrong with one parameter.
type problem struct {
	name string
	text string
}

// validate checks the normalized parameters against the contract (kin-openapi) and the rules
// the schema cannot say (time order, NextToken). It returns nil or a *flowmock.Error whose
// message names every problem: MissingRequiredParams when anything required is missing, else
// InvalidArgument, and ActionNotSupported / APIVersionNotSupported for a wrong action or version.
func (s *Server) validate(ex *exchange, params url.Values, extra []problem) error {
	if a := params.Get("Action"); a != "" && a != actionListExecutions {
		return flowmock.Errorf(flowmock.ActionNotSupported, "%s", s.cat.Message(flowmock.ActionNotSupported, a))
	}
	if v := params.Get("Version"); v != "" && v != apiVersion {
		return flowmock.Errorf(flowmock.APIVersionNotSupported, "%s", s.cat.Message(flowmock.APIVersionNotSupported, v))
	}
	// An empty FlowName is the same as a missing one.
	if vs, ok := params["FlowName"]; ok && len(vs) == 1 && vs[0] == "" {
		delete(params, "FlowName")
		ex.folded = true
	}

	var missing []string
	problems := extra
	req := ex.validationRequest(params)
	in := &openapi3filter.RequestValidationInput{Request: req, Route: s.routes[req.Method], Options: s.reqOpts}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		for _, p := range s.explain(err, params) {
			if p.text == "" {
				missing = append(missing, p.name)
				continue
			}
			problems = append(problems, p)
		}
	}
	problems = append(problems, s.semantics(ex, params, len(problems) == 0)...)
	if len(missing) == 0 && len(problems) == 0 {
		return nil
	}
	s.sortProblems(missing, problems)
	var b strings.Builder
	code := flowmock.InvalidArgument
	if len(missing) > 0 {
		code = flowmock.MissingRequiredParams
		for i, name := range missing {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s.cat.Message(flowmock.MissingRequiredParams, name))
			if hint := caseHint(name, params); hint != "" {
				b.WriteString(hint)
			}
		}
		if len(problems) > 0 {
			b.WriteString(" Also: ")
		}
	} else {
		b.WriteString("Parameter error. ")
	}
	for i, p := range problems {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s: %s.", p.name, p.text)
	}
	return flowmock.Errorf(code, "%s", b.String())
}

// validationRequest returns the request kin-openapi validates: the original when nothing was
// folded in, otherwise a copy whose query is the normalized parameters and which has no body.
func (ex *exchange) validationRequest(params url.Values) *http.Request {
	r := ex.raw
	if !ex.folded {
		return r
	}
	c := new(http.Request)
	*c = *r
	u := *r.URL
	u.RawQuery = params.Encode()
	c.URL = &u
	c.Body = http.NoBody
	c.ContentLength = 0
	c.Header = r.Header.Clone()
	c.Header.Del("Content-Type")
	return c
}

// explain turns kin-openapi's error tree into problems. A problem with empty text is a
// missing required parameter.
func (s *Server) explain(err error, params url.Values) []problem {
	var out []problem
	var walk func(err error, name string, schema *openapi3.Schema)
	walk = func(err error, name string, schema *openapi3.Schema) {
		if me, ok := err.(openapi3.MultiError); ok {
			for _, e := range me {
				walk(e, name, schema)
			}
			return
		}
		var re *openapi3filter.RequestError
		if errors.As(err, &re) {
			if re.Parameter != nil {
				name = re.Parameter.Name
				if re.Parameter.Schema != nil {
					schema = re.Parameter.Schema.Value
				}
			}
			if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) || errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) {
				out = append(out, problem{name: name})
				return
			}
			if re.Err == nil {
				out = append(out, problem{name: name, text: re.Reason})
				return
			}
			walk(re.Err, name, schema)
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			if o, ok := se.Origin.(openapi3.MultiError); ok {
				walk(o, name, schema)
				return
			}
			out = append(out, problem{name: name, text: ruleText(se.Schema, se.SchemaField, se.Reason) + got(params, name)})
			return
		}
		var pe *openapi3filter.ParseError
		if errors.As(err, &pe) {
			out = append(out, problem{name: name, text: parseRule(schema) + got(params, name)})
			return
		}
		out = append(out, problem{name: name, text: err.Error()})
	}
	walk(err, "", nil)
	return out
}

// ruleText says which rule of schema a value broke, in words a person can act on.
func ruleText(schema *openapi3.Schema, field, reason string) string {
	if schema == nil {
		return reason
	}
	switch field {
	case "enum":
		vals := make([]string, len(schema.Enum))
		for i, v := range schema.Enum {
			vals[i] = fmt.Sprint(v)
		}
		return "must be one of " + strings.Join(vals, ", ")
	case "minimum", "maximum":
		if schema.Min != nil && schema.Max != nil {
			return fmt.Sprintf("must be an integer from %s to %s", num(*schema.Min), num(*schema.Max))
		}
	case "minLength", "maxLength":
		if schema.MaxLength != nil {
			return fmt.Sprintf("must be %d to %d characters long", schema.MinLength, *schema.MaxLength)
		}
	case "pattern":
		return "must start with a letter or an underscore and contain only letters, digits, underscores and hyphens (pattern " + schema.Pattern + ")"
	case "format":
		if schema.Format == "date-time" {
			return "must be a UTC RFC 3339 time such as 2019-01-01T01:01:01.001Z"
		}
		return "must be in the " + schema.Format + " format"
	}
	return reason
}

// parseRule says what a value that could not be parsed as schema's type should look like.
func parseRule(schema *openapi3.Schema) string {
	switch {
	case schema == nil:
	case schema.Type.Is("integer") && schema.Min != nil && schema.Max != nil:
		return ruleText(schema, "minimum", "")
	case schema.Type.Is("integer"):
		return "must be an integer"
	case schema.Type.Is("boolean"):
		return "must be true or false"
	case schema.Type.Is("number"):
		return "must be a number"
	}
	return "cannot be parsed"
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// got says what value was received, quoted and shortened.
func got(params url.Values, name string) string {
	vs, ok := params[name]
	if !ok || len(vs) == 0 {
		return ""
	}
	return ", got " + quote(vs[0])
}

func quote(v string) string {
	const max = 80
	if utf8.RuneCountInString(v) > max {
		r := []rune(v)
		return strconv.Quote(string(r[:max])) + fmt.Sprintf(" (%d characters, shortened)", len(r))
	}
	return strconv.Quote(v)
}

// caseHint points at a parameter that differs from name only in case.
func caseHint(name string, params url.Values) string {
	for k := range params {
		if k != name && strings.EqualFold(k, name) {
			return fmt.Sprintf(" (%q was given; parameter names are case-sensitive)", k)
		}
	}
	return ""
}

// semantics checks what the schema cannot: StartedTimeBegin ≤ StartedTimeEnd and the NextToken.
// The token needs a valid FlowName and filter; when the schema already failed it is checked only
// for being well formed.
func (s *Server) semantics(ex *exchange, params url.Values, schemaOK bool) []problem {
	var out []problem
	begin, bErr := time.Parse(time.RFC3339Nano, params.Get("StartedTimeBegin"))
	end, eErr := time.Parse(time.RFC3339Nano, params.Get("StartedTimeEnd"))
	if bErr == nil && eErr == nil && begin.After(end) {
		out = append(out, problem{name: "StartedTimeBegin", text: fmt.Sprintf("must not be after StartedTimeEnd, got %s > %s", quote(params.Get("StartedTimeBegin")), quote(params.Get("StartedTimeEnd")))})
	}
	ex.filter = page.Filter{Status: params.Get("Status"), NamePrefix: params.Get("ExecutionNamePrefix")}
	if bErr == nil {
		ex.filter.Begin = begin
	}
	if eErr == nil {
		ex.filter.End = end
	}
	tok := params.Get("NextToken")
	if tok == "" {
		return out
	}
	t, err := s.codec.Decode(tok)
	if err != nil {
		return append(out, problem{name: "NextToken", text: "is not a token this mock issued; pass the NextToken of the previous page unchanged, or omit it for the first page"})
	}
	if schemaOK && t.Binding != ex.tokenBinding(params.Get("FlowName")) {
		return append(out, problem{name: "NextToken", text: "was issued for another flow or other filters (FlowName, Status, StartedTimeBegin, StartedTimeEnd, ExecutionNamePrefix must stay the same across pages); start again without NextToken"})
	}
	ex.token = &t
	return out
}

// sortProblems orders names and problems as the contract declares the parameters.
func (s *Server) sortProblems(missing []string, problems []problem) {
	rank := func(name string) int {
		for i, n := range s.declared {
			if n == name {
				return i
			}
		}
		return len(s.declared)
	}
	sort.SliceStable(missing, func(i, j int) bool { return rank(missing[i]) < rank(missing[j]) })
	sort.SliceStable(problems, func(i, j int) bool { return rank(problems[i].name) < rank(problems[j].name) })
}

// route builds the kin-openapi route of one method on "/" (there is one path; no router).
func route(doc *openapi3.T, method string) (*routers.Route, error) {
	item := doc.Paths.Find("/")
	if item == nil {
		return nil, fmt.Errorf("mock: contract has no path /")
	}
	op := item.GetOperation(method)
	if op == nil {
		return nil, fmt.Errorf("mock: contract has no %s /", method)
	}
	return &routers.Route{Spec: doc, Path: "/", PathItem: item, Method: method, Operation: op}, nil
}
