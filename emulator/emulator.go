// Package emulator holds the use cases of the CloudFlow emulator, with no HTTP: start an
// execution (by name, version or alias, under a test case), run an Express flow to its end,
// stop one, report a callback task, fire schedules, and end them all; and the views of them
// the control plane shows (a session's schedules with their next fire times, the mock file's
// test cases). Each takes typed values and returns domain results or *flowmock.Error; package
// mock maps HTTP onto them.
package emulator

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/flowmock/flowmock/mockfile"
)

// Unmocked-task policies (Config.Unmocked).
const (
	// UnmockedEcho: a task the test case does not mock succeeds in the shape of its
	// integration's response, with its input where the payload would be (see
	// interp.ErrUnmocked); its TaskSucceeded event says it was not mocked.
	UnmockedEcho = "echo"
	// UnmockedFail: such a task fails with flowmock.TaskNotMocked.
	UnmockedFail = "fail"
)

// Config configures an Emulator.
type Config struct {
	// Seed seeds every minted name, token and alias roll: the same seed, the same bytes.
	Seed uint64
	// Unmocked is the unmocked-task policy: UnmockedEcho ("" means it) or UnmockedFail.
	Unmocked string
	// RequestID mints the request ID of a start no request made (a schedule's). Required.
	RequestID func() string
	// Logger receives problems of the schedules; nil discards them.
	Logger *slog.Logger
	// CatchupCapped is called when a schedule skips fire times (MaxFiresPerAdvance); may be nil.
	CatchupCapped func()
}

// Emulator runs the use cases. Create it with New; its methods are safe for concurrent use.
type Emulator struct {
	cfg   Config
	log   *slog.Logger
	mocks atomic.Pointer[mockfile.File]
	ctx   context.Context // the executions' and schedules' context, ended by Close
	stop  context.CancelFunc
}

// New returns an Emulator for cfg.
func New(cfg Config) (*Emulator, error) {
	switch cfg.Unmocked {
	case "":
		cfg.Unmocked = UnmockedEcho
	case UnmockedEcho, UnmockedFail:
	default:
		return nil, fmt.Errorf("want %s or %s, got %q", UnmockedEcho, UnmockedFail, cfg.Unmocked)
	}
	if cfg.RequestID == nil {
		return nil, fmt.Errorf("emulator: Config.RequestID is required")
	}
	e := &Emulator{cfg: cfg, log: cfg.Logger}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.ctx, e.stop = context.WithCancel(context.Background())
	return e, nil
}

// SetMocks replaces the mock file (nil: none); executions already running keep theirs.
func (e *Emulator) SetMocks(f *mockfile.File) { e.mocks.Store(f) }

// Mocks returns the mock file in force, nil for none.
func (e *Emulator) Mocks() *mockfile.File { return e.mocks.Load() }

// Context ends when the emulator is closed.
func (e *Emulator) Context() context.Context { return e.ctx }

// Close ends the executions' and the schedules' context. Both belong to their sessions,
// which wait for them (store.Store.Close).
func (e *Emulator) Close() { e.stop() }

// SessionTestCase is where a start's test case came from when the session chose it.
const SessionTestCase = "the session's test case"
