package scenarios_test

import (
	"fmt"
	"testing/fstest"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/scenarios"
)

func ExampleEngine_DecideIn() {
	// The server builds the catalogue from the contract; these are the codes the defaults use.
	codes := map[flowmock.Code]int{
		flowmock.FlowNotExists: 404, flowmock.ResourceThrottled: 429, flowmock.InternalServerError: 500,
	}
	scs, err := scenarios.Default(codes)
	if err != nil {
		panic(err)
	}
	e, err := scenarios.NewEngine(scs, 42, nil)
	if err != nil {
		panic(err)
	}
	// The engine is immutable and shared; each session's state is its own.
	test1, test2 := new(scenarios.State), new(scenarios.State)
	for range 3 {
		d, _ := e.DecideIn(test1, "throttle-then-recover", scenarios.Request{Action: "ListExecutions", Session: "test-1"})
		fmt.Println(d)
	}
	d, _ := e.DecideIn(test2, "throttle-then-recover", scenarios.Request{Action: "ListExecutions", Session: "test-2"})
	fmt.Println("another session:", d)
	// Output:
	// throttle-then-recover/first-two#1: ResourceThrottled
	// throttle-then-recover/first-two#1: ResourceThrottled
	// serve
	// another session: throttle-then-recover/first-two#1: ResourceThrottled
}

func ExampleLoad() {
	codes := map[flowmock.Code]int{flowmock.InternalServerError: 500}
	fsys := fstest.MapFS{"typo.yaml": {Data: []byte(`name: typo
rules:
  - name: flaky
    probability: 1.5
    eror: InternalServerError
`)}}
	_, err := scenarios.Load(fsys, codes)
	fmt.Println(err)
	// Output:
	// typo.yaml:4: rules[0].probability: must be between 0 and 1, got 1.5
	// typo.yaml:5: rules[0].eror: unknown field (known: name, match, steps, loop, every, probability, rate_limit, error, message, respond, fault, latency)
}
