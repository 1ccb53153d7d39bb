package mock

import (
	"log/slog"
	"time"

	"github.com/flowmock/flowmock/emulator"
	"github.com/flowmock/flowmock/fixtures"
	"github.com/flowmock/flowmock/mockfile"
	"github.com/flowmock/flowmock/scenarios"
	"github.com/flowmock/flowmock/signature"
	"github.com/flowmock/flowmock/store"
)

// The defaults of Config: WithDefaults writes them (with the limits' defaults of store and
// this package), New applies it, and the command's flags show its values.
const (
	DefaultHostID       = "cn-hangzhou.fnf.aliyuncs.com"
	DefaultMaxBodyBytes = 1 << 20
	DefaultJournalSize  = 1000
)

// Config configures a Server: it is the one configuration of the server, which setup.Config
// embeds (adding the settings it builds Data, Scenarios, Auth, Mocks and the origin lists
// from) and the command's flags fill. The zero value of each field means its documented
// default; where a number can also be turned off or unbounded, a negative value does that
// (JournalSize, SessionIdle). Seed and TimeScale have no default: their zero is a value (seed
// 0; waits take no time), which the command and mocktest choose for themselves.
type Config struct {
	// Data serves executions. Required.
	Data fixtures.Source
	// Seed seeds everything random or minted: request IDs and paging tokens (and, through
	// Data, faked executions). The same seed gives the same bytes.
	Seed uint64
	// HostID is the HostId of error envelopes; default "cn-hangzhou.fnf.aliyuncs.com".
	HostID string
	// MaxBodyBytes caps request bodies; default 1 MiB. Above it: 400 EntityTooLarge.
	MaxBodyBytes int64
	// ValidateResponses validates every response against the contract before sending it
	// (strict mode). A response outside the contract becomes 500 InternalServerError and is
	// logged. Tests turn it on; the hot path serves bytes validated once at load.
	ValidateResponses bool
	// Fake serves data for requests that ask for faked data (Prefer: dynamic=true, or a
	// scenario rule with data: fake); default fixtures.NewFaker(Seed).
	Fake fixtures.Source
	// AllowUndeclared lets Prefer and X-Mock-Error ask for statuses and codes the contract
	// does not declare (such responses are outside the contract and not validated). Off, such
	// a request gets 400 InvalidArgument explaining what is declared.
	AllowUndeclared bool
	// Scenarios decides scripted answers (errors, faults, latency, rate limits); nil means the
	// embedded default scenarios, seeded with Seed.
	Scenarios *scenarios.Engine
	// DefaultScenario is active for every session that has not chosen one; "" for none.
	DefaultScenario string
	// JournalSize bounds the request journal; 0 means 1000, negative turns it off.
	JournalSize int
	// CORSOrigins are the browser origins allowed to call the API ("*" for any); nil turns
	// CORS off. New leaves it as given: the CLI defaults to "*".
	CORSOrigins []string
	// ControlOrigins are the browser origins, besides the server's own, allowed to call the
	// control plane; a request from any other origin is refused (403).
	ControlOrigins []string
	// ControlHosts are the Host names, besides loopback ones, the control plane answers
	// without ControlToken ("*": any); a request for another host is refused (403), which
	// keeps DNS-rebinding pages out.
	ControlHosts []string
	// ControlToken, if set, is the bearer token every control-plane request needs (but the
	// health probe and the console's files).
	ControlToken string
	// Auth verifies request signatures (V1 and V3) before anything else; nil accepts every
	// request and ignores signature parameters and headers.
	Auth *signature.Verifier
	// Logger receives one line per request at debug level and problems at warn/error;
	// default: discard.
	Logger *slog.Logger
	// TimeScale is the pace of every session's clock: 1 is wall time, 0 (the zero value)
	// makes Wait states, retry intervals and task delays take no time. From 0 to 1.
	TimeScale float64
	// Wall is the wall clock the session clocks follow; nil means time.Now (tests move one
	// by hand).
	Wall func() time.Time
	// Mocks scripts task results per test case; nil for none (every task is unmocked).
	Mocks *mockfile.File
	// UnmockedTasks is what a task the test case does not mock does: UnmockedEcho (the
	// default) succeeds in its integration's shape with its input as the payload,
	// UnmockedFail fails with flowmock.TaskNotMocked.
	UnmockedTasks string
	// MaxSessions caps the live sessions (the least recently used is evicted); 0 means
	// store.DefaultMaxSessions. SessionIdle evicts a session unused for that long; 0 means
	// store.DefaultSessionIdle, negative never. An evicted session comes back as a new one.
	MaxSessions int
	SessionIdle time.Duration
	// MaxExecutions is how many executions a session keeps (the oldest finished go first;
	// with all running, a start is 429); 0 means store.DefaultMaxExecutions.
	MaxExecutions int
	// MaxLongPolls is how many DescribeExecution long polls of one session wait at once;
	// more answer at once. 0 means DefaultMaxLongPolls.
	MaxLongPolls int
	// MaxLongPollsTotal is how many long polls wait at once across all sessions; more
	// answer at once. 0 means DefaultMaxLongPollsTotal.
	MaxLongPollsTotal int
	// MaxRunning caps the executions running at once across all sessions (a start past it
	// is 429 ResourceThrottled); 0 means store.DefaultMaxRunning.
	MaxRunning int
	// MaxSessionBytes caps what one session stores: definitions, versions, executions'
	// inputs and outputs (past it: 400 InvalidArgument); 0 means store.DefaultMaxSessionBytes.
	MaxSessionBytes int
	// MaxSessionID caps the length of a session id (X-Mock-Session, /_mock/sessions/{id});
	// a longer one, or one with a character outside visible ASCII, is 400. 0 means
	// DefaultMaxSessionID.
	MaxSessionID int
	// JournalBytes bounds the journal's bytes (the oldest records go first); 0 means
	// DefaultJournalBytes. JournalValueBytes is how much of one parameter value it keeps
	// (the rest is cut, with a marker giving the length); 0 means DefaultJournalValueBytes.
	JournalBytes, JournalValueBytes int
	// Upstream, when set, makes the mock a validating proxy: a call that passed validation
	// and was not answered by a scenario or header is forwarded there, and the answer is
	// checked against the contract (GET /_mock/violations) and returned unchanged.
	Upstream Upstream
}

// DefaultMaxLongPolls is the default of Config.MaxLongPolls.
const DefaultMaxLongPolls = 100

// WithDefaults returns c with every setting left zero replaced by its default: the one place
// they are written. New applies it; the command shows its values as the flags' defaults. The
// dependencies (Data, Fake, Scenarios, Auth, Mocks, Logger, Wall) stay as given: New fills
// the ones it can.
func (c Config) WithDefaults() Config {
	if c.HostID == "" {
		c.HostID = DefaultHostID
	}
	if c.UnmockedTasks == "" {
		c.UnmockedTasks = UnmockedEcho
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.SessionIdle == 0 {
		c.SessionIdle = store.DefaultSessionIdle
	}
	for _, n := range []struct {
		v *int
		d int
	}{
		{&c.JournalSize, DefaultJournalSize}, {&c.MaxSessions, store.DefaultMaxSessions},
		{&c.MaxExecutions, store.DefaultMaxExecutions}, {&c.MaxLongPolls, DefaultMaxLongPolls},
		{&c.MaxLongPollsTotal, DefaultMaxLongPollsTotal}, {&c.MaxRunning, store.DefaultMaxRunning},
		{&c.MaxSessionBytes, store.DefaultMaxSessionBytes}, {&c.MaxSessionID, DefaultMaxSessionID},
		{&c.JournalBytes, DefaultJournalBytes}, {&c.JournalValueBytes, DefaultJournalValueBytes},
	} {
		if *n.v == 0 {
			*n.v = n.d
		}
	}
	return c
}

func (s *Server) maxPolls() int {
	if s.cfg.MaxLongPolls > 0 {
		return s.cfg.MaxLongPolls
	}
	return DefaultMaxLongPolls
}

// Unmocked-task policies (Config.UnmockedTasks).
const (
	// UnmockedEcho: a task the test case does not mock succeeds in the shape of its
	// integration's response, with its input where the payload would be.
	UnmockedEcho = emulator.UnmockedEcho
	// UnmockedFail: such a task fails with flowmock.TaskNotMocked.
	UnmockedFail = emulator.UnmockedFail
)

// MaxFiresPerAdvance bounds the executions one schedule starts in one clock advance.
const MaxFiresPerAdvance = emulator.MaxFiresPerAdvance
