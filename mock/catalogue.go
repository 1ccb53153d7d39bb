package mock

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/gen/cloudflow"
	"github.com/flowmock/flowmock/scenarios"
)

// Entry is one documented error of the contract's catalogue.
type Entry struct {
	Code    flowmock.Code
	Status  int
	Format  string // the documented message, with %s placeholders
	Example string // the example message, used when a message is needed and nothing fills Format
	Summary string
}

// Catalogue is the contract's error catalogue: every documented error of ListExecutions,
// read from the named examples of its error responses. It is immutable once built.
type Catalogue struct {
	byCode   map[flowmock.Code]Entry
	byStatus map[int]flowmock.Code // the code Prefer: code=STATUS picks
	statuses []int                 // declared statuses, ascending, 200 included
}

// contract is the embedded contract, parsed, validated and read into its catalogue once per
// process: nothing modifies it afterwards, so every Server shares it.
var contract = sync.OnceValues(func() (*loadedContract, error) {
	doc, err := cloudflow.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("mock: load contract: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("mock: contract is invalid: %w", err)
	}
	doc.Servers = nil // never match on Host
	cat, err := NewCatalogue(doc)
	if err != nil {
		return nil, err
	}
	return &loadedContract{doc: doc, cat: cat}, nil
})

type loadedContract struct {
	doc *openapi3.T
	cat *Catalogue
}

// ContractCatalogue returns the catalogue of the embedded contract.
func ContractCatalogue() (*Catalogue, error) {
	c, err := contract()
	if err != nil {
		return nil, err
	}
	return c.cat, nil
}

// NewCatalogue reads the catalogue from the ListExecutions GET operation of doc.
func NewCatalogue(doc *openapi3.T) (*Catalogue, error) {
	item := doc.Paths.Find("/")
	if item == nil || item.Get == nil {
		return nil, fmt.Errorf("mock: contract has no GET / operation")
	}
	c := &Catalogue{byCode: map[flowmock.Code]Entry{}, byStatus: map[int]flowmock.Code{}}
	for key, ref := range item.Get.Responses.Map() {
		status, err := strconv.Atoi(key)
		if err != nil {
			return nil, fmt.Errorf("mock: contract: response %q: only numeric statuses are supported", key)
		}
		c.statuses = append(c.statuses, status)
		if status < 400 {
			continue
		}
		mt := ref.Value.Content.Get("application/json")
		if mt == nil || len(mt.Examples) == 0 {
			return nil, fmt.Errorf("mock: contract: response %d has no named application/json examples", status)
		}
		if def, ok := ref.Value.Extensions["x-default-code"].(string); ok {
			if _, ok := mt.Examples[def]; !ok {
				return nil, fmt.Errorf("mock: contract: response %d: x-default-code %s is not one of its examples", status, def)
			}
			c.byStatus[status] = flowmock.Code(def)
		} else if len(mt.Examples) > 1 {
			return nil, fmt.Errorf("mock: contract: response %d declares several codes but no x-default-code", status)
		}
		for name, ex := range mt.Examples {
			if len(mt.Examples) == 1 {
				c.byStatus[status] = flowmock.Code(name)
			}
			v, ok := ex.Value.Value.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("mock: contract: example %s of response %d is not an object", name, status)
			}
			if v["Code"] != name {
				return nil, fmt.Errorf("mock: contract: example %s of response %d has Code %v; the example name must be the code", name, status, v["Code"])
			}
			format, _ := ex.Value.Extensions["x-message-format"].(string)
			if format == "" {
				return nil, fmt.Errorf("mock: contract: example %s of response %d has no x-message-format", name, status)
			}
			if prev, dup := c.byCode[flowmock.Code(name)]; dup {
				return nil, fmt.Errorf("mock: contract: code %s is declared under both %d and %d", name, prev.Status, status)
			}
			msg, _ := v["Message"].(string)
			c.byCode[flowmock.Code(name)] = Entry{Code: flowmock.Code(name), Status: status, Format: format, Example: msg, Summary: ex.Value.Summary}
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
func (c *Catalogue) Statuses() []int { return append([]int(nil), c.statuses...) }

// Codes returns code → status, the form the scenario loader checks codes against.
func (c *Catalogue) Codes() map[flowmock.Code]int {
	m := make(map[flowmock.Code]int, len(c.byCode))
	for k, e := range c.byCode {
		m[k] = e.Status
	}
	return m
}

// Message fills the documented format of code with args; with no args it returns the
// documented message with its placeholders filled from the contract's example.
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

// LoadScenarios builds a scenario engine from the embedded default scenarios, the scenario
// files of dirs, and extra scenarios built in Go, with error codes checked against the
// contract. Names must be distinct across all of them.
func LoadScenarios(seed uint64, dirs []string, extra ...*scenarios.Scenario) (*scenarios.Engine, error) {
	cat, err := ContractCatalogue()
	if err != nil {
		return nil, err
	}
	return loadScenarios(cat, seed, dirs, extra)
}

func loadScenarios(cat *Catalogue, seed uint64, dirs []string, extra []*scenarios.Scenario) (*scenarios.Engine, error) {
	scs, err := scenarios.Default(cat.Codes())
	if err != nil {
		return nil, err
	}
	for _, dir := range dirs {
		more, err := scenarios.LoadDir(dir, cat.Codes())
		if err != nil {
			return nil, err
		}
		scs = append(scs, more...)
	}
	return scenarios.NewEngine(append(scs, extra...), seed, cat.Codes())
}
