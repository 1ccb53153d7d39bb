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

// SetScenario chooses the session's scenario ("" for the server's default).
func (s *Session) SetScenario(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.choices().scenario = name
}

// Scenario returns the session's scenario, "" for the server's default.
func (s *Session) Scenario() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chose == nil {
		return ""
	}
	return s.chose.scenario
}

// SetTestCase chooses the session's test case ("" for none).
func (s *Session) SetTestCase(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.choices().testCase = name
}

// TestCase returns the session's test case, "" for none.
func (s *Session) TestCase() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chose == nil {
		return ""
	}
	return s.chose.testCase
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
