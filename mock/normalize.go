package mock

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/flowmock/flowmock"
)

// normalize reads the raw request once and folds its parameters into one set: the query
// string, an application/x-www-form-urlencoded or application/json body, and the
// signature-V3 headers x-acs-action and x-acs-version. It returns the parameters, the raw body
// (for signature checks), and problems that are InvalidArgument material (duplicates,
// conflicts). A fatal error (body too large, unsupported media type, unreadable query) is
// returned as a *flowmock.Error.
func (s *Server) normalize(r *http.Request) (params url.Values, body []byte, problems []problem, err error) {
	params, qerr := url.ParseQuery(r.URL.RawQuery)
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
		for k, vs := range fromBody {
			if have, ok := params[k]; ok {
				if len(have) != len(vs) || have[0] != vs[0] {
					problems = append(problems, problem{name: k, text: fmt.Sprintf("given in both the query (%s) and the body (%s) with different values", quote(have[0]), quote(vs[0]))})
				}
				continue
			}
			params[k] = vs
		}
	}
	for _, f := range [...][2]string{{"Action", "x-acs-action"}, {"Version", "x-acs-version"}} {
		if _, ok := params[f[0]]; !ok {
			if v := r.Header.Get(f[1]); v != "" {
				params.Set(f[0], v)
			}
		}
	}
	return params, body, problems, nil
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

// bodyParams decodes a body into parameters by its media type.
func (s *Server) bodyParams(contentType string, body []byte) (url.Values, error) {
	mt, _, err := mime.ParseMediaType(contentType)
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
	case "application/x-www-form-urlencoded":
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. The form body is not valid URL encoding: %v.", err)
		}
		return v, nil
	case "application/json":
		var obj map[string]any
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. The JSON body must be an object of parameters: %v.", err)
		}
		v := make(url.Values, len(obj))
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch x := obj[k].(type) {
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
		return v, nil
	default:
		return nil, unsupported()
	}
}
