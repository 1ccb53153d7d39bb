package mock

import (
	"github.com/flowmock/flowmock/contract"
	"github.com/flowmock/flowmock/scenarios"
)

// LoadScenarios builds a scenario engine from the embedded default scenarios, the scenario
// files of dirs, and extra scenarios built in Go, with error codes checked against the
// contract. Names must be distinct across all of them.
func LoadScenarios(seed uint64, dirs []string, extra ...*scenarios.Scenario) (*scenarios.Engine, error) {
	con, err := contract.Load()
	if err != nil {
		return nil, err
	}
	return loadScenarios(con.Catalogue(), seed, dirs, extra)
}

func loadScenarios(cat *contract.Catalogue, seed uint64, dirs []string, extra []*scenarios.Scenario) (*scenarios.Engine, error) {
	codes := cat.Codes()
	scs, err := scenarios.Default(codes)
	if err != nil {
		return nil, err
	}
	for _, dir := range dirs {
		more, err := scenarios.LoadDir(dir, codes)
		if err != nil {
			return nil, err
		}
		scs = append(scs, more...)
	}
	return scenarios.NewEngine(append(scs, extra...), seed, codes)
}
