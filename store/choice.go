package store

import "github.com/flowmock/flowmock/scenarios"

// choices are what a session chose through the control plane, and its scenarios' state.
// Reset keeps the choices (the session's scenario and test case) and starts the state over;
// eviction and closing forget the session whole.
type choices struct {
	scenario string // "" for the server's default
	testCase string // "" for none
	scen     scenarios.State
}

// named is the scenario and test case a session chose, published for lock-free reads: every
// request reads them, and a start holds the session's lock while its execution starts.
type named struct{ scenario, testCase string }

// publish makes the choices visible to Scenario and TestCase. The caller holds s.mu.
func (s *Session) publish() {
	c := s.choices()
	s.named.Store(&named{scenario: c.scenario, testCase: c.testCase})
}

// SetScenario chooses the session's scenario ("" for the server's default).
func (s *Session) SetScenario(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.choices().scenario = name
	s.publish()
}

// Scenario returns the session's scenario, "" for the server's default.
func (s *Session) Scenario() string {
	if n := s.named.Load(); n != nil {
		return n.scenario
	}
	return ""
}

// SetTestCase chooses the session's test case ("" for none).
func (s *Session) SetTestCase(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.choices().testCase = name
	s.publish()
}

// TestCase returns the session's test case, "" for none.
func (s *Session) TestCase() string {
	if n := s.named.Load(); n != nil {
		return n.testCase
	}
	return ""
}

// ScenarioState is the session's state of the scenarios (steps, buckets, random sources).
func (s *Session) ScenarioState() *scenarios.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &s.choices().scen
}

// choices returns the session's choices, making them on first use. The caller holds s.mu.
func (s *Session) choices() *choices {
	if s.chose == nil {
		s.chose = &choices{}
	}
	return s.chose
}
