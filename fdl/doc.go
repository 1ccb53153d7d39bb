// Package fdl parses and checks flow definitions of Alibaba Cloud CloudFlow (fnf,
// 2019-03-15), written in the Flow Definition Language, and returns them as typed values
// for an interpreter to run. It does no I/O and runs nothing.
//
// # Dialects
//
// CreateFlow accepts two dialects, both YAML; JSON is read as the YAML it is.
//
//   - [StateMachine], the CloudFlow dialect: "Type: StateMachine", SpecVersion, Name,
//     StartAt and States, a list of named states of eight types (Pass, Task, Choice,
//     Parallel, Map, Wait, Succeed, Fail) that move with Next and End. Parallel branches and
//     Map processors are scopes of their own, each with a StartAt and States. Parsed into
//     [Definition.States].
//   - [Flow], the older Serverless Workflow dialect: "type: flow", version and steps, a list
//     of steps of eight types (pass, task, choice, parallel, foreach, wait, succeed, fail)
//     that run in order until one ends, with goto (in choices and catch rules) jumping to a
//     sibling step. Parsed into [Definition.Steps].
//
// # What is checked
//
// [Parse] reports every problem it finds, at most [MaxProblems], as [Problems]; each
// [Problem] names the line, the state (its path, such as "Parallel1/Branch0/Pass2") and the
// field. It checks:
//
//   - the text: one YAML document whose top level is a mapping; no merge keys, no key
//     written twice, no alias that contains itself or whose expansion adds more than 100,000
//     nodes, at most 128 levels of mappings and lists (internal/yamlsrc.MaxDepth);
//   - the dialect, by its marker key;
//   - keys, strictly and case-sensitively: a key the dialect does not define for the
//     top level, that state type or that step type is a problem, with a suggestion when
//     only its case is wrong ("next" for "Next") or when it belongs to another state type
//     (Retry on a Pass state);
//   - required fields, the types of values (string, integer, number, boolean, list,
//     mapping) and the values of enumerations (TaskMode, pattern, ExecutionMode,
//     SpecVersion, version);
//   - state and step types;
//   - names: unique within their scope (or list of sibling steps); StartAt, Next, Default,
//     Choice branch Next and Catch Next naming a state of the same scope; goto naming a
//     sibling step;
//   - transitions: a state has Next or End: true, not both, except Choice (Branches and
//     Default, both required) and Succeed and Fail (no Next; End: true allowed, as the
//     documentation's examples write it, and a Fail's Detail optional: where the field
//     tables are stricter than the documentation's own examples, the examples win);
//   - old-dialect task steps: exactly one of resourceArn (a function, queue, topic or
//     flow) and action ("<service>:<API>", an API-integration task such as
//     "ocr:RecognizeIdentityCard" or "fnf:StartExecution", with its request parameters in
//     serviceParams); end is allowed on every step, succeed and fail included;
//   - reachability: every state is reachable from the StartAt of its scope, every step from
//     the first step of its list;
//   - constructors: a key ending in ".$" holds a non-empty string expression, at any depth
//     of InputConstructor, OutputConstructor, GlobalConstructor (any state), Parameters,
//     ItemConstructor and the Catch OutputConstructor; values are JSON values (no NaN, no infinity, no custom tags);
//   - limits: Parallel at most 50 branches, parallel at most 100; Wait Seconds 1-300; wait
//     duration 0-172,800 s (2 days) and exactly one of duration and timestamp (RFC 3339);
//     Retry IntervalSeconds and MaxBackoffSeconds 0-86,400, retry intervalSeconds and
//     maxIntervalSeconds 1-86,400; Task Timeout 0-604,800; counts not negative; rates
//     positive.
//
// # What is not checked
//
//   - that Name equals the flow's name: the caller compares [Definition.Name], using
//     [Definition.NameLine] for the line;
//   - the syntax of expressions (Choice conditions, ItemsPath, ".$" values, "$" paths of
//     the old dialect) beyond being non-empty: the expression engine is the interpreter's;
//   - limits that depend on the flow rather than the definition: Express flows' Wait of
//     1-20 s, which TaskModes a service supports, payload sizes;
//   - the shape of the distributed-mode Map settings ItemReader, ItemBatcher, ResultWriter
//     and MaxItems, which are kept as written (only ItemBatcher's MaxItemsPerBatch, which
//     the interpreter batches by, must be an integer of at least 1).
//
// [Definition.Marshal] writes a definition back in a canonical form that parses to the same
// definition.
//
// # Two trees
//
// Each dialect parses into its own tree ([State] and [Step]); neither is lowered onto the
// other. Package interp's documentation says why (issue 16, item 7).
//
// A new-dialect state is a node of its own type, as in go/ast: [Pass], [Task], [Choice],
// [Parallel], [Map], [Wait], [Succeed] and [Fail], each in its own file (state_task.go …)
// with its fields, its parsing and its canonical form. They share an embedded [Base]
// (name, line, constructors); those that move on embed a [Transition] ([Mover]), those
// with Retry and Catch embed [Rules] ([Recoverer]). Each has an Accept method that calls
// the [Visitor] method of its type, so that a package that compiles or runs states
// implements a Visitor instead of a type switch, and the compiler, not a default case,
// tells it of a new state type. Adding a state type is a new state_*.go file here (with
// its Accept), and in state.go its [StateType] constant, a line in stateTypes and a
// method in [Visitor]; in parse_new.go a line in each of stateKeys and parser.typed.
//
// An old-dialect [Step] stays one struct whose fields depend on its Type: the old dialect
// is closed (CloudFlow adds no step types to it), so the cost of a union, touching many
// places to add a type, never comes due, while converting its nested step lists, goto and
// $local readers would be churn in code that does not change.
package fdl
