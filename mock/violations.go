package mock

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/flowmock/flowmock/conform"
	"github.com/flowmock/flowmock/contract"
)

// DefaultViolationsKept is how many violations (and transport problems) the proxy keeps for
// GET /_mock/violations and the report; the counts go on past it.
const DefaultViolationsKept = 10000

// ViolationRecord is one contract violation of an upstream answer, with the call it came in.
type ViolationRecord struct {
	Time    time.Time `json:"time"`
	Session string    `json:"session"`
	conform.Violation
}

// TransportProblem is an upstream that did not answer: refused, reset, timed out after the
// retries. It is reported apart from violations: it says nothing about the contract.
type TransportProblem struct {
	Time      time.Time `json:"time"`
	Session   string    `json:"session"`
	Action    string    `json:"action"`
	RequestID string    `json:"requestId"` // the proxy's, for the journal
	Error     string    `json:"error"`
}

// Violations is what the validating proxy saw: GET /_mock/violations.
type Violations struct {
	// Checked counts upstream answers checked, per action (0 violations included).
	Checked map[string]int `json:"checked"`
	// Total counts every violation, even those past the kept list.
	Total      int                `json:"total"`
	Violations []ViolationRecord  `json:"violations"`
	Transport  []TransportProblem `json:"transport"`
}

// violationLog keeps what the proxy saw, bounded, with a counter per action and kind.
type violationLog struct {
	checker  *conform.Checker
	counter  *prometheus.CounterVec
	upstream *prometheus.CounterVec

	mu   sync.Mutex
	seen Violations
}

func newViolationLog(con *contract.Contract, reg *prometheus.Registry) *violationLog {
	l := &violationLog{
		checker: conform.New(con),
		counter: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowmock_contract_violations_total",
			Help: "Contract violations in upstream answers (proxy mode), by action and kind.",
		}, []string{"action", "kind"}),
		upstream: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowmock_upstream_errors_total",
			Help: "Calls the upstream did not answer (transport problems, not violations), by action.",
		}, []string{"action"}),
		seen: Violations{Checked: map[string]int{}},
	}
	reg.MustRegister(l.counter, l.upstream)
	return l
}

// check checks an upstream answer to c and records its violations.
func (l *violationLog) check(c *call, resp *UpstreamResponse) []conform.Violation {
	vs := l.checker.Check(c.action.Name, resp.Status, resp.Header, resp.Body)
	now := time.Now().UTC()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen.Checked[c.action.Name]++
	for _, v := range vs {
		if v.RequestID == "" {
			v.RequestID = c.requestID
		}
		l.counter.WithLabelValues(v.Action, v.Kind).Inc()
		l.seen.Total++
		if len(l.seen.Violations) < DefaultViolationsKept {
			l.seen.Violations = append(l.seen.Violations, ViolationRecord{Time: now, Session: c.session, Violation: v})
		}
	}
	return vs
}

func (l *violationLog) transport(c *call, err error) {
	l.upstream.WithLabelValues(c.action.Name).Inc()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen.Transport) < DefaultViolationsKept {
		l.seen.Transport = append(l.seen.Transport, TransportProblem{Time: time.Now().UTC(), Session: c.session, Action: c.action.Name, RequestID: c.requestID, Error: err.Error()})
	}
}

func (l *violationLog) snapshot() Violations {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := Violations{Checked: make(map[string]int, len(l.seen.Checked)), Total: l.seen.Total,
		Violations: append([]ViolationRecord{}, l.seen.Violations...), Transport: append([]TransportProblem{}, l.seen.Transport...)}
	for k, v := range l.seen.Checked {
		out.Checked[k] = v
	}
	return out
}

func (l *violationLog) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = Violations{Checked: map[string]int{}}
}

// Violations returns what the validating proxy (Config.Upstream) saw so far.
func (s *Server) Violations() Violations { return s.viol.snapshot() }
