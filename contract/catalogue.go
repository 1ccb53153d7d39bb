package contract

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flowmock/flowmock"
)

// Entry is one documented error.
type Entry struct {
	Code    flowmock.Code
	Status  int
	Format  string // the documented message, with %s placeholders
	Example string // the example message, used when a message is needed and nothing fills Format
	Summary string
}

// Catalogue is a set of documented errors, read from the named examples of error responses:
// an action's own (Action.Errors) or every action's (Contract.Catalogue). It is immutable.
type Catalogue struct {
	byCode   map[flowmock.Code]Entry
	byStatus map[int]flowmock.Code // the code Prefer: code=STATUS picks
	statuses []int                 // declared statuses, ascending, 200 included
}

// newCatalogue reads the errors op declares.
func newCatalogue(action string, op *openapi3.Operation) (*Catalogue, error) {
	c := &Catalogue{byCode: map[flowmock.Code]Entry{}, byStatus: map[int]flowmock.Code{}}
	for key, ref := range op.Responses.Map() {
		status, err := strconv.Atoi(key)
		if err != nil {
			return nil, fmt.Errorf("contract: %s: response %q: only numeric statuses are supported", action, key)
		}
		c.statuses = append(c.statuses, status)
		if status < 400 {
			continue
		}
		if err := c.readResponse(status, ref.Value); err != nil {
			return nil, fmt.Errorf("contract: %s: %w", action, err)
		}
	}
	sort.Ints(c.statuses)
	return c, nil
}

func (c *Catalogue) readResponse(status int, resp *openapi3.Response) error {
	mt := resp.Content.Get("application/json")
	if mt == nil || len(mt.Examples) == 0 {
		return fmt.Errorf("response %d has no named application/json examples", status)
	}
	if def, ok := resp.Extensions["x-default-code"].(string); ok {
		if _, ok := mt.Examples[def]; !ok {
			return fmt.Errorf("response %d: x-default-code %s is not one of its examples", status, def)
		}
		c.byStatus[status] = flowmock.Code(def)
	} else if len(mt.Examples) > 1 {
		return fmt.Errorf("response %d declares several codes but no x-default-code", status)
	}
	for name, ex := range mt.Examples {
		if len(mt.Examples) == 1 {
			c.byStatus[status] = flowmock.Code(name)
		}
		v, ok := ex.Value.Value.(map[string]any)
		if !ok {
			return fmt.Errorf("example %s of response %d is not an object", name, status)
		}
		if v["Code"] != name {
			return fmt.Errorf("example %s of response %d has Code %v; the example name must be the code", name, status, v["Code"])
		}
		format, _ := ex.Value.Extensions["x-message-format"].(string)
		if format == "" {
			return fmt.Errorf("example %s of response %d has no x-message-format", name, status)
		}
		if prev, dup := c.byCode[flowmock.Code(name)]; dup {
			return fmt.Errorf("code %s is declared under both %d and %d", name, prev.Status, status)
		}
		msg, _ := v["Message"].(string)
		c.byCode[flowmock.Code(name)] = Entry{Code: flowmock.Code(name), Status: status, Format: format, Example: msg, Summary: ex.Value.Summary}
	}
	return nil
}

// merge is the union of the actions' catalogues. A code must have one status and one
// message everywhere. Prefer defaults are taken from the first catalogue that has one.
func merge(cats []*Catalogue) (*Catalogue, error) {
	c := &Catalogue{byCode: map[flowmock.Code]Entry{}, byStatus: map[int]flowmock.Code{}}
	for _, a := range cats {
		for code, e := range a.byCode {
			if prev, ok := c.byCode[code]; ok && (prev.Status != e.Status || prev.Format != e.Format) {
				return nil, fmt.Errorf("contract: code %s is declared as %d %q and as %d %q; a code has one status and one message", code, prev.Status, prev.Format, e.Status, e.Format)
			}
			c.byCode[code] = e
		}
		for st, code := range a.byStatus {
			if _, ok := c.byStatus[st]; !ok {
				c.byStatus[st] = code
			}
		}
		for _, st := range a.statuses {
			if !slices.Contains(c.statuses, st) {
				c.statuses = append(c.statuses, st)
			}
		}
	}
	sort.Ints(c.statuses)
	return c, nil
}

// Lookup returns the entry of code.
func (c *Catalogue) Lookup(code flowmock.Code) (Entry, bool) {
	e, ok := c.byCode[code]
	return e, ok
}

// Entries returns every entry, ordered by status then code.
func (c *Catalogue) Entries() []Entry {
	out := make([]Entry, 0, len(c.byCode))
	for _, e := range c.byCode {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Status != out[j].Status {
			return out[i].Status < out[j].Status
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// ForPrefer returns the code Prefer: code=status answers with.
func (c *Catalogue) ForPrefer(status int) (flowmock.Code, bool) {
	code, ok := c.byStatus[status]
	return code, ok
}

// Statuses returns the declared statuses, ascending.
func (c *Catalogue) Statuses() []int { return slices.Clone(c.statuses) }

// Declares reports whether status is declared.
func (c *Catalogue) Declares(status int) bool { return slices.Contains(c.statuses, status) }

// Codes returns code → status, the form the scenario loader checks codes against.
func (c *Catalogue) Codes() map[flowmock.Code]int {
	m := make(map[flowmock.Code]int, len(c.byCode))
	for k, e := range c.byCode {
		m[k] = e.Status
	}
	return m
}

// Message fills the documented format of code with args; with no args (or the wrong number)
// it returns the contract's example message.
func (c *Catalogue) Message(code flowmock.Code, args ...any) string {
	e, ok := c.byCode[code]
	if !ok {
		return string(code)
	}
	if n := strings.Count(e.Format, "%s"); n == 0 || len(args) == n {
		if n == 0 {
			return e.Format
		}
		return strings.TrimSpace(fmt.Sprintf(e.Format, args...))
	}
	return e.Example
}
