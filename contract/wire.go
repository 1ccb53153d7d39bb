package contract

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

func encode(v map[string][]string) string { return url.Values(v).Encode() }

// setForm gives req an application/x-www-form-urlencoded body.
func setForm(req *http.Request, form string) {
	req.Body = io.NopCloser(strings.NewReader(form))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(form)), nil }
	req.ContentLength = int64(len(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Content-Length", strconv.Itoa(len(form)))
}
