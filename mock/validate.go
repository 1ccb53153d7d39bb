package mock

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/contract"
)

// problem is one thing wrong with one parameter.
type problem struct {
	name string
	text string
}

// validate checks the normalized parameters against the action's operation (kin-openapi)
// and the rules the schema cannot say (time order, NextToken). It returns nil or a
// *flowmock.Error whose message names every problem: MissingRequiredParams when anything
// required is missing, else InvalidArgument.
func (s *Server) validate(c *call, extra []problem) error {
	a, params := c.action, c.params
	problems := extra
	// Each parameter given is validated by kin-openapi against its schema (unless its quick
	// check passes it); a missing one is only checked for being required (what
	// ValidateRequest would do, without decoding every absent parameter on every request).
	var missing []string
	var in *openapi3filter.RequestValidationInput // made for the first value the quick checks leave
	for _, p := range a.Route.Operation.Parameters {
		name := p.Value.Name
		vs, ok := params[name]
		switch {
		case !ok:
			if p.Value.Required {
				missing = append(missing, name)
			}
			continue
		case len(vs) > 1:
			problems = append(problems, problem{name: name, text: fmt.Sprintf("given %d times; give it once", len(vs))})
		case vs[0] == "" && p.Value.Required:
			delete(params, name) // an empty required parameter is a missing one
			missing = append(missing, name)
			continue
		}
		if q := quickCheckOf(p.Value); q != nil && q(vs[0]) {
			continue
		}
		if in == nil {
			in = &openapi3filter.RequestValidationInput{Request: c.raw, Route: a.Route, QueryParams: params, Options: s.reqOpts}
		}
		if err := openapi3filter.ValidateParameter(c.raw.Context(), in, p.Value); err != nil {
			for _, p := range s.explain(err, params) {
				if p.text == "" {
					missing = append(missing, p.name)
					continue
				}
				problems = append(problems, p)
			}
		}
	}
	problems = append(problems, s.semantics(c)...)
	if len(missing) == 0 && len(problems) == 0 {
		return nil
	}
	sortProblems(a, missing, problems)
	return s.problemError(params, missing, problems)
}

// problemError is the one error that names every problem.
func (s *Server) problemError(params url.Values, missing []string, problems []problem) error {
	var b strings.Builder
	code := flowmock.InvalidArgument
	if len(missing) > 0 {
		code = flowmock.MissingRequiredParams
		for i, name := range missing {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s.cat.Message(flowmock.MissingRequiredParams, name))
			b.WriteString(caseHint(name, params))
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
			out = append(out, problem{name: name + pointer(se.JSONPointer()), text: ruleText(se.Schema, se.SchemaField, se.Reason) + got(params, name)})
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

// pointer writes a JSON pointer into a parameter's value as .Key[0].Key.
func pointer(p []string) string {
	var b strings.Builder
	for _, e := range p {
		if _, err := strconv.Atoi(e); err == nil {
			b.WriteString("[" + e + "]")
			continue
		}
		b.WriteString("." + e)
	}
	return b.String()
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

// semantics checks what the schema cannot: StartedTimeBegin ≤ StartedTimeEnd, and that a
// NextToken is one this mock minted (what it is bound to, the handler checks).
func (s *Server) semantics(c *call) []problem {
	var out []problem
	params := c.params
	if b, e := params.Get("StartedTimeBegin"), params.Get("StartedTimeEnd"); b != "" && e != "" {
		begin, bErr := time.Parse(time.RFC3339Nano, b)
		end, eErr := time.Parse(time.RFC3339Nano, e)
		if bErr == nil && eErr == nil && begin.After(end) {
			out = append(out, problem{name: "StartedTimeBegin", text: fmt.Sprintf("must not be after StartedTimeEnd, got %s > %s", quote(b), quote(e))})
		}
	}
	tok := params.Get("NextToken")
	if tok == "" || !c.action.Declares("NextToken") || s.cfg.Upstream != nil { // the upstream's tokens are its own
		return out
	}
	t, err := s.codec.Decode(tok)
	if err != nil {
		return append(out, problem{name: "NextToken", text: "is not a token this mock issued; pass the NextToken of the previous page unchanged, or omit it for the first page"})
	}
	c.token = &t
	return out
}

// sortProblems orders names and problems as the action declares its parameters.
func sortProblems(a *contract.Action, missing []string, problems []problem) {
	sort.SliceStable(missing, func(i, j int) bool { return a.Rank(missing[i]) < a.Rank(missing[j]) })
	sort.SliceStable(problems, func(i, j int) bool { return a.Rank(problems[i].name) < a.Rank(problems[j].name) })
}
