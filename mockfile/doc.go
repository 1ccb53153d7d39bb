// Package mockfile reads mock files: what the Task states of a flow return, per test case.
// A Task cannot call Function Compute or any other service from the emulator; its answers
// come from a mock file instead.
//
// A mock file is YAML or JSON (JSON is read as the YAML it is), in the shape of AWS Step
// Functions Local's MockConfigFile with Flows in place of StateMachines, so that people who
// know that format recognize it:
//
//	Flows:
//	  order_pipeline:
//	    TestCases:
//	      HappyPath:    { ChargeCard: ChargeOK, Ship: ShipOK }
//	      CardDeclined: { ChargeCard: DeclinedThenOK }
//	MockedResponses:
//	  ChargeOK:        { "0": { Return: { charged: true } } }
//	  ShipOK:          { "0": { Return: { tracking: "SF123" }, Delay: 2s } }
//	  DeclinedThenOK:
//	    "0-1": { Throw: { Error: FC.CardDeclined, Cause: "card declined" } }
//	    "2":   { Return: { charged: true } }
//
// A test case maps task states of its flow to mocked responses; a task state it does not
// name is not mocked. A mocked response maps invocation indexes to answers: the key "0" is
// the state's first invocation in an execution, "1-3" (inclusive) the second to the fourth.
// Every invocation takes the next index, retries and Map iterations included. An answer is
// exactly one of Return (the task's output, a JSON object) and Throw (Error, required, and
// Cause), optionally after a Delay (a Go duration such as 2s, on the session's clock).
//
// # Decisions
//
//   - The keys of a mocked response start at 0 and run on without gaps or overlaps, so a
//     mocked response answers the invocations 0 to N. An invocation past N is not mocked:
//     the last answer is not repeated, and [Case.Answer] says ok false, as it does for a
//     state the test case does not name. The caller treats both as an unmocked task
//     (--unmocked-tasks echo or fail); [Case.Response] tells them apart. Step Functions
//     Local fails the execution instead ("you must specify a mocked response for every
//     invocation"): --unmocked-tasks fail gives that behaviour.
//   - A mocked response that no test case uses is allowed; [File.Unused] lists them for the
//     caller to warn about.
//   - A test case with no states (HappyPath: {} or null) is allowed: it mocks nothing. A flow
//     with no test cases is not.
//   - The flows a file names need not exist: [File.Check] compares a test case with the task
//     states of the flow's definition when it does (at load for fixture flows, at
//     StartExecution for the rest).
//
// # What is checked
//
// [Parse] and [Load] check a file strictly and report its problems (at most 20, the last
// saying how many more there are), each as an [*Error]
// "file:line: path: message", the path being the keys from the top, such as
// Flows.order_pipeline.TestCases.HappyPath.ChargeCard:
//
//   - the text: one YAML document whose top level is a mapping; no merge keys, no key
//     written twice, no alias that contains itself or whose expansion adds more than 100,000
//     nodes, at most 128 levels of mappings and lists; a syntax error names its line;
//   - keys, case-sensitively: Flows and MockedResponses at the top, TestCases in a flow,
//     Return, Throw and Delay in an answer, Error and Cause in a Throw; any other key is a
//     problem, with a suggestion when only its case differs;
//   - names: flows, test cases and mocked responses have 1 to 128 letters, digits, '_' and
//     '-', starting with a letter or '_' (the service's rule for flow names); state names
//     are not empty;
//   - references: every mocked response a test case names is defined;
//   - indexes: "N" or "N-M" with N ≤ M ≤ 2147483647, no leading zeros, from 0 without gaps
//     or overlaps;
//   - answers: exactly one of Return and Throw; Return a JSON object (no NaN, infinities or
//     custom tags anywhere in it); Throw's Error a non-empty string and Cause a string;
//     Delay a Go duration of at least 0.
//
// mockfile.schema.json, generated from [Document] by go generate, lets editors check mock
// files as they are written:
//
//	# yaml-language-server: $schema=path/to/mockfile.schema.json
//
// A [File] is immutable and safe for concurrent use.
package mockfile
