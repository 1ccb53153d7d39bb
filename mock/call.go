package mock

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/page"
	"github.com/flowmock/flowmock/store"
)

// call is one API request as it moves forward through the request path. Each step fills what
// it learns and hands the call to the next step explicitly; nothing is stored in the request
// context. The outcome fields are what the journal records.
type call struct {
	raw       *http.Request
	start     time.Time
	seq       uint64
	requestID string
	session   string

	// params are the normalized parameters: query, form or JSON body, x-acs-* headers.
	params url.Values
	// action is the resolved action; nil until resolve succeeded.
	action *contract.Action
	// token is the decoded NextToken of a paged action, checked by validate; the handler
	// checks what it is bound to.
	token *page.Token
	// state is the session's state in the store, looked up once per call.
	state *store.Session
	// data, when set, is where ListExecutions reads executions instead of the session's
	// store: the faker (Prefer: dynamic=true, a scenario's data: fake) or the fixtures.
	data fixtures.Source

	// The outcome.
	status     int
	code       string
	scenario   string
	rule       string
	fault      string
	injected   string
	undeclared bool   // answered with a code or status outside the contract, on purpose
	body       []byte // the raw request body, for an upstream (proxy mode)
	violations int    // contract violations of the upstream's answer (proxy mode)
	response   []byte // the answer's body, set just before it is recorded (the journal keeps a cut copy)
	tail       []byte // what follows response in the answer, when it is written in two parts
	recorded   bool   // in the journal already
}

// actionName is the resolved action's name, or a copy of what the request asked for (the
// journal keeps it as given: the request's own string points into its query or body).
func (c *call) actionName() string {
	if c.action != nil {
		return c.action.Name
	}
	if c.params != nil {
		return strings.Clone(c.params.Get("Action"))
	}
	return ""
}
