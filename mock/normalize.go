package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/flowmock/flowmock"
)

// normalize reads the raw request once and folds its parameters into one set: the query
// string, an application/x-www-form-urlencoded or application/json body, and the
// signature-V3 headers x-acs-action and x-acs-version. It returns the parameters, the raw body
// (for signature checks), and problems that are InvalidArgument material (duplicates,
// conflicts). A fatal error (body too large, unsupported media type, unreadable query) is
// returned as a *flowmock.Error.
func (s *Server) normalize(r *http.Request) (params url.Values, body []byte, problems []problem, err error) {
	params, qerr := parseQuery(r.URL.RawQuery)
	if qerr != nil {
		return nil, nil, nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. The query string is not valid URL encoding: %v.", qerr)
	}
	body, err = s.readBody(r)
	if err != nil {
		return params, nil, nil, err
	}
	if len(body) > 0 {
		fromBody, err := s.bodyParams(r.Header.Get("Content-Type"), body)
		if err != nil {
			return params, body, nil, err
		}
		if len(params) == 0 && fromBody != nil {
			params = fromBody // nothing in the query (the SDKs' POST): nothing to fold
		} else {
			problems = fold(params, fromBody)
		}
	}
	if err := s.wireParams(r, params); err != nil {
		return params, body, nil, err
	}
	return params, body, problems, nil
}

// parseQuery is url.ParseQuery, allocating less: the values of the parameters given once
// share one array. A query it is not sure of (many parameters, a semicolon, an escape that
// does not decode) goes to url.ParseQuery, which gives its result and its error.
func parseQuery(q string) (url.Values, error) {
	n := strings.Count(q, "&") + 1
	if n > maxQuickParams || strings.IndexByte(q, ';') >= 0 {
		return url.ParseQuery(q)
	}
	params := make(url.Values, n)
	once := make([]string, 0, n)
	for rest := q; rest != ""; {
		var kv string
		kv, rest, _ = strings.Cut(rest, "&")
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k, kerr := url.QueryUnescape(k)
		v, verr := url.QueryUnescape(v)
		if kerr != nil || verr != nil {
			return url.ParseQuery(q)
		}
		if vs, ok := params[k]; ok {
			params[k] = append(vs, v)
			continue
		}
		once = append(once, v)
		params[k] = once[len(once)-1 : len(once) : len(once)] // append copies: its own array then
	}
	return params, nil
}

// maxQuickParams is the most parameters parseQuery parses itself.
const maxQuickParams = 64

// fold adds the body's parameters to the query's, and returns a problem for each given in
// both with different values.
func fold(params, fromBody url.Values) (problems []problem) {
	for k, vs := range fromBody {
		if have, ok := params[k]; ok {
			if len(have) != len(vs) || have[0] != vs[0] {
				problems = append(problems, problem{name: k, text: fmt.Sprintf("given in both the query (%s) and the body (%s) with different values", quote(have[0]), quote(vs[0]))})
			}
			continue
		}
		params[k] = vs
	}
	return problems
}

// wireParams folds the x-acs-action and x-acs-version headers into params, and refuses an
// Action or Version given more than once (as the action's own parameters are, by validate),
// or by a header that says otherwise: which one names the action is not for the mock to
// guess. A header that repeats the parameter (SDKs send both) is fine.
func (s *Server) wireParams(r *http.Request, params url.Values) error {
	w := s.con.Wire
	for _, f := range [...][3]string{{w.Action, "x-acs-action", headerAction}, {w.Version, "x-acs-version", headerVersion}} {
		name, header := f[0], f[1]
		vs, hs := params[name], r.Header[f[2]] // Values would canonicalize the name on every request
		switch {
		case len(vs) > 1:
			return duplicate(name, fmt.Sprintf("given %d times (%s, %s…)", len(vs), quote(vs[0]), quote(vs[1])))
		case len(hs) > 1:
			return duplicate(name, fmt.Sprintf("the %s header given %d times", header, len(hs)))
		case len(hs) == 0 || hs[0] == "":
		case len(vs) == 0:
			params.Set(name, hs[0])
		case vs[0] != hs[0]:
			return duplicate(name, fmt.Sprintf("given as %s and as %s in the %s header", quote(vs[0]), quote(hs[0]), header))
		}
	}
	return nil
}

// The signature-V3 headers that name the action and the version, as http.Header keeps them.
var (
	headerAction  = http.CanonicalHeaderKey("x-acs-action")
	headerVersion = http.CanonicalHeaderKey("x-acs-version")
)

// duplicate is the InvalidArgument error of a parameter given more than once.
func duplicate(name, how string) error {
	return flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. %s: %s; give it once.", name, how)
}

func (s *Server) readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	max := s.maxBody
	tooLarge := func() error {
		return flowmock.Errorf(flowmock.EntityTooLarge, "%s", s.cat.Message(flowmock.EntityTooLarge, strconv.FormatInt(max, 10)))
	}
	if r.ContentLength > max {
		return nil, tooLarge()
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. The request body could not be read: %v.", err)
	}
	if int64(len(b)) > max {
		return nil, tooLarge()
	}
	return b, nil
}

// formType is the media type of a form body.
const formType = "application/x-www-form-urlencoded"

// bodyParams decodes a body into parameters by its media type.
func (s *Server) bodyParams(contentType string, body []byte) (url.Values, error) {
	mt, err := formType, error(nil) // what the SDKs send, without parsing it on every request
	if contentType != formType {
		mt, _, err = mime.ParseMediaType(contentType)
	}
	if contentType == "" {
		err, mt = nil, ""
	}
	unsupported := func() error {
		return flowmock.Errorf(flowmock.UnsupportedMediaType,
			"%s The mock accepts request bodies of type application/x-www-form-urlencoded or application/json; got %s.",
			s.cat.Message(flowmock.UnsupportedMediaType, ""), quote(contentType))
	}
	if err != nil {
		return nil, unsupported()
	}
	switch mt {
	case formType:
		v, err := parseQuery(string(body))
		if err != nil {
			return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. The form body is not valid URL encoding: %v.", err)
		}
		return v, nil
	case "application/json":
		return jsonParams(body)
	default:
		return nil, unsupported()
	}
}

// jsonParams reads a JSON object body of parameters: each a string, number or boolean, each
// once (encoding/json would keep the last of a duplicate key silently).
func jsonParams(body []byte) (url.Values, error) {
	notObject := func(err error) error {
		return flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. The JSON body must be an object of parameters: %v.", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		if err == nil {
			err = fmt.Errorf("got %s", kind(tok))
		}
		return nil, notObject(err)
	}
	v := url.Values{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, notObject(err)
		}
		k, _ := kt.(string)
		vt, err := dec.Token()
		if err != nil {
			return nil, notObject(err)
		}
		if _, ok := v[k]; ok {
			return nil, duplicate(k, "given twice in the JSON body")
		}
		switch x := vt.(type) {
		case string:
			v.Set(k, x)
		case bool:
			v.Set(k, strconv.FormatBool(x))
		case float64:
			v.Set(k, strconv.FormatFloat(x, 'f', -1, 64))
		default:
			return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. %s: a JSON body parameter must be a string, number or boolean.", k)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, notObject(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the object")
		}
		return nil, notObject(err)
	}
	return v, nil
}

// kind names the JSON value a first token starts.
func kind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "an array"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}
