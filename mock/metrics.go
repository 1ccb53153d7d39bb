package mock

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/flowmock/flowmock/journal"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, on a registry of its own (no global state).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	faults   *prometheus.CounterVec
	reloads  *prometheus.CounterVec
	evicted  prometheus.Counter
	catchups prometheus.Counter

	evictedRunning prometheus.Counter     // sessions evicted with running executions
	limits         *prometheus.CounterVec // requests refused or cut short by a limit, by limit

	// series are each action's (and "", no action's) series that most answers touch, found
	// in the vectors at the first answer that touches them (a series shows from then on, as
	// one of the vectors does); the map itself is not modified after newMetrics.
	series map[string]*actionSeries
}

// actionSeries are one action's latency series and its count of plain answers (200, no
// code, no scenario), each set once.
type actionSeries struct {
	latency atomic.Pointer[observer]
	plain   atomic.Pointer[counter]
}

type (
	observer struct{ prometheus.Observer }
	counter  struct{ prometheus.Counter }
)

// The limits flowmock_limit_reached_total counts besides the store's (store.LimitRunning, …).
const (
	limitSessionID        = "session_id"
	limitLongPolls        = "long_polls"
	limitLongPollsSession = "session_long_polls"
)

func newMetrics(j *journal.Journal, actions []string, running, polls func() float64) *metrics {
	m := &metrics{
		series: make(map[string]*actionSeries, len(actions)+1),
		reg:    prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowmock_requests_total",
			Help: "API requests answered, by action, HTTP status, error code (empty for data) and scenario.",
		}, []string{"action", "status", "code", "scenario"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "flowmock_request_duration_seconds",
			Help:    "Time from request arrival to the end of the answer, injected latency included.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"action"}),
		faults: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowmock_faults_total",
			Help: "Wire faults injected, by fault.",
		}, []string{"fault"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "flowmock_reloads_total",
			Help: "Hot reloads of fixture or scenario directories, by kind and result (ok, error).",
		}, []string{"kind", "result"}),
	}
	m.evicted = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "flowmock_sessions_evicted_total",
		Help: "Sessions evicted: idle for longer than --session-idle, or the least recently used past --max-sessions.",
	})
	m.catchups = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "flowmock_schedule_catchups_capped_total",
		Help: "Times the clock passed more fire times of a schedule than one advance starts (MaxFiresPerAdvance); the rest were skipped.",
	})
	m.reg.MustRegister(m.requests, m.latency, m.faults, m.reloads, m.evicted, m.catchups,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "flowmock_journal_records",
			Help: "Requests held in the journal.",
		}, func() float64 { return float64(j.Len()) }),
	)
	m.registerLimits(j, running, polls)
	for _, a := range actions {
		m.series[a] = &actionSeries{}
	}
	m.series[""] = &actionSeries{}
	return m
}

// registerLimits registers the metrics of the global limits.
func (m *metrics) registerLimits(j *journal.Journal, running, polls func() float64) {
	m.evictedRunning = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "flowmock_sessions_evicted_running_total",
		Help: "Sessions evicted while they had running executions (which were stopped).",
	})
	m.limits = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "flowmock_limit_reached_total",
		Help: "Requests refused (or long polls answered at once) because a limit was reached, by limit: running_executions, session_executions, session_bytes, session_id, long_polls, session_long_polls.",
	}, []string{"limit"})
	m.reg.MustRegister(m.evictedRunning, m.limits,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "flowmock_journal_bytes",
			Help: "Bytes held in the journal (--journal-bytes bounds them).",
		}, func() float64 { return float64(j.Bytes()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "flowmock_journal_dropped_total",
			Help: "Journal records dropped before their turn to keep within --journal-bytes.",
		}, func() float64 { return float64(j.Dropped()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "flowmock_journal_truncated_values_total",
			Help: "Values the journal cut to --journal-value-bytes.",
		}, func() float64 { return float64(j.Truncated()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "flowmock_executions_running",
			Help: "Executions running, in every session (--max-running-executions bounds them).",
		}, running),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "flowmock_long_polls_waiting",
			Help: "DescribeExecution long polls waiting, in every session (--max-long-polls-total bounds them).",
		}, polls),
	)
}

// limited counts a request a limit refused.
func (m *metrics) limited(limit string) { m.limits.WithLabelValues(limit).Inc() }

// observe counts one request; action is the resolved action ("" for a request that named
// none the contract has), so label values stay bounded.
func (m *metrics) observe(r *Record, action string, d time.Duration) {
	as := m.series[action]
	if plain := r.Status == http.StatusOK && r.Code == "" && r.Scenario == ""; plain && as != nil {
		c := as.plain.Load()
		if c == nil {
			c = &counter{m.requests.WithLabelValues(action, strconv.Itoa(r.Status), r.Code, r.Scenario)}
			as.plain.Store(c) // another answer may have stored the same series: either will do
		}
		c.Inc()
	} else {
		m.requests.WithLabelValues(action, strconv.Itoa(r.Status), r.Code, r.Scenario).Inc()
	}
	if as == nil {
		m.latency.WithLabelValues(action).Observe(d.Seconds())
	} else {
		o := as.latency.Load()
		if o == nil {
			o = &observer{m.latency.WithLabelValues(action)}
			as.latency.Store(o)
		}
		o.Observe(d.Seconds())
	}
	if r.Fault != "" {
		m.faults.WithLabelValues(r.Fault).Inc()
	}
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
