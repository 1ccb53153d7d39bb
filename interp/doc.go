// Package interp runs executions of flow definitions parsed and checked by package fdl, in
// both dialects of Alibaba Cloud CloudFlow (fnf). It knows nothing of HTTP or sessions: an
// execution runs on a Clock it is given, calls a Tasks for every task, and keeps its
// status and its history for the caller to read.
//
//	e := interp.Start(ctx, interp.Params{Flow: "f", Name: "e1", Definition: def,
//		Input: `{"orderId":"o-1"}`, Clock: clk, Tasks: tasks})
//	snap := e.Snapshot()          // Running…, then Succeeded, Failed, Stopped or TimedOut
//	events, more := e.Events(0, 100)
//	e.Stop("Manual", "stopped")   // StopExecution
//	sync := interp.Run(ctx, p)    // StartSyncExecution: runs to the end
//
// # Lifecycle and concurrency
//
// Start records ExecutionStarted, gets the definition's compiled expressions and returns with
// the execution Running; one goroutine runs it, and Parallel branches and Map or foreach
// iterations run in goroutines of their own. All of them end when the execution ends:
// when it finishes, when Stop is called, when it fails on a limit, or when the context
// given to Start ends (then it ends Stopped with Error ErrShutdown). Every wait and every
// Tasks.Invoke gets a context that is cancelled then. Done is closed once they all have
// returned. Snapshot, Events and Event are safe to call at any time; Stop and Snapshot are
// linearizable: once Stop returns true, Snapshot never shows Running.
//
// # New dialect (Type: StateMachine)
//
// Supported, as api-surface.md §4.1 describes:
//
//   - Pass: output = input; InputConstructor replaces the input; OutputConstructor builds
//     the output with $Output = the input.
//   - Task: Tasks.Invoke with Action, the Parameters with their ".$" expressions
//     evaluated and the input after InputConstructor; the output is the task's result
//     (a JSON object), or OutputConstructor with $Output = the result. TaskMode
//     WaitForCustomCallback sets Invocation.Callback; WaitForSystemCallback is run like
//     RequestComplete (the Tasks decide how long it takes). Timeout is enforced on the
//     Clock (ErrTimeout, TaskTimedOut).
//   - Choice: Branches in order, the first whose Condition is true, else Default.
//   - Parallel: all branches at once on the same input; output {"Branch0": …, "Branch1": …}.
//     A failing branch cancels the others and fails the state.
//   - Map: the array ItemsPath gives; Processor once per item, at most MaxConcurrency at
//     once (0: all); output {"Items": [...]} in item order. An item is the iteration's
//     input; it must be an object unless ItemConstructor builds the input, with $Item the
//     item and $Input the Map's input. A failing iteration cancels the others and fails
//     the state. A distributed Map (ProcessorConfig) runs as a map run ([MapRun], kept by
//     Params.MapRuns): one child execution per item (or per batch of ItemBatcher's
//     MaxItemsPerBatch, input {"Items": [...]}), at most MaxItems items, at most the map
//     run's Concurrency at once (UpdateMapRun changes it for the items not yet started);
//     its StepStarted event names the map run. Failed children are tolerated up to
//     ToleratedFailureCount / ToleratedFailurePercentage (a set one that is passed, or
//     any failure with neither set, fails the state with ErrMapRunFailed and aborts the
//     rest); output {"Items": [...]}, null for a child that did not succeed. ItemReader
//     (OSS) and ResultWriter are not run; a Map without ItemsPath fails with ErrRuntime.
//   - Wait: Seconds, or Seconds.$ (an expression giving a number of seconds, 0 to
//     MaxWaitSeconds = 300, the service's range), on the Clock.
//   - Succeed ends its scope (the flow, a branch or an iteration) successfully.
//   - Fail raises Code with Detail as the cause: it fails the flow unless an enclosing
//     Parallel or Map state catches it.
//   - Retry, on Task, Parallel and Map: the first rule whose Errors hold the error's code
//     or FnF.ALL retries it, at most MaxAttempts times (retries, after the first attempt),
//     waiting IntervalSeconds × BackoffRate^n (BackoffRate omitted: constant), capped by
//     MaxBackoffSeconds, on the Clock. A retry runs the state's work again (the task,
//     all branches, all items) and its OutputConstructor; InputConstructor runs once.
//   - Catch, after Retry: the first matching rule moves to its Next, whose input is the
//     rule's OutputConstructor (with $Context.Current.Error = {Code, Detail}) or, without
//     one, {"Code": …, "Detail": …} (flowmock's choice; the service's default is not
//     documented).
//   - An error no rule handles fails the execution with its code and cause.
//
// $Context is {Execution: {Name, Input, RoleArn}, Current: {Name, Input, Output, Error,
// RetryCount, TaskToken}}, the fields the documentation defines (no StartTime, Flow or
// Map index: undocumented); $Input is Current.Input (the raw input while InputConstructor
// runs, the built one after); $Output exists only in OutputConstructor and
// GlobalConstructor. $Global holds the execution's global variables: a state that ends
// well applies its GlobalConstructor last, with $Output the state's raw result (not its
// OutputConstructor's) and $Global the variables before it, and merges the result into
// them key by key (a key at most 128 bytes, a value at most 256 KiB of JSON, else
// ErrDataLimitExceeded); every expression reads them. Parallel branches and Map
// iterations share them, the last write of a key winning.
//
// # Old dialect (type: flow)
//
// Best effort, as api-surface.md §4.2 describes:
//
//   - Steps run in order until one has end: true, a succeed step ends its list, or a
//     fail step raises error with cause; goto (choice and catch) jumps to a sibling step.
//   - Data: without inputMappings a step's input is its list's input merged with the
//     list's $local so far ($local wins); a step's output is its outputMappings, or its
//     $local, which the list's $local absorbs (later keys win). The flow applies its own
//     inputMappings and outputMappings around the top-level list.
//   - pass: $local is {} (so its output is {} without outputMappings).
//   - task: Tasks.Invoke with resourceArn (or, for an API-integration task, action, such
//     as "fnf:StartExecution") as Action and serviceParams (their "$" paths resolved on
//     the step input) as Parameters; $local is the result. pattern waitForCallback sets
//     Callback; sync is run like requestResponse. The task token is minted when the step
//     starts, before its inputMappings (which hand it to a worker as $context.task.token),
//     and every attempt of the step carries it. timeoutSeconds is
//     enforced on the Clock. retry (errors, intervalSeconds, maxIntervalSeconds,
//     maxAttempts, multiplier, FnF.ALL) then catch (errors, goto): a caught step's
//     output is its errorMappings over $local = {"error": code, "cause": cause} ({}
//     without them).
//   - choice: conditions in order ($ and $input are the step input, $local the list's
//     local); the chosen choice's steps run, then its goto; with no match and no default
//     the step just ends.
//   - parallel: branches at once; $local is the array of the branches' locals; output {}
//     unless outputMappings.
//   - foreach: collection is a "$" path (or a key of the input); each item runs the steps
//     with the step input plus item (and index) under the names iterationMapping gives, at
//     most 100 at once; $local is the array of the iterations' locals; output {} unless
//     outputMappings.
//   - wait: duration (seconds, or a "$" path to them) or timestamp (RFC 3339, or a path to
//     one; a past time ends at once), at most MaxWaitDuration (2 days), on the Clock.
//   - timeoutSeconds of the flow: checked before every step and during waits; past it
//     the execution ends TimedOut with ErrTimeout. A blocked task is not interrupted by it
//     (its own timeoutSeconds is).
//   - $context, wherever a "$" path is read (mappings, serviceParams, foreach collections,
//     wait paths) and in choice conditions: {execution: {name}, flow: {name}, step: {name,
//     eventId}, task: {token}}, the fields the official samples use. step.eventId is the ID
//     of the step's StepEntered event (its inputMappings, which run just before, see the
//     next free ID, which a concurrent branch may take first), so it grows with the
//     history as the samples that hand work to a new execution before the 5,000-event
//     limit need; task exists only in a task step and
//     step not in the flow's own mappings. A singular $context path that selects nothing
//     fails the step with ErrRuntime naming the path and the fields there are; a member
//     other than these four does not compile (ErrInvalidExpression).
//
// Not supported in the old dialect: targets naming nested keys (a target is one key), and
// the 32 KiB limit on input, output and local together (MaxPayload applies to each input
// and output).
//
// # One tree for both dialects? Not now (issue 16, item 7)
//
// Each dialect keeps its own tree (fdl.State, fdl.Step) and its own control flow
// (state.go and the state_*.go files, about 550 lines; flow.go and flow_steps.go, about
// 340). Everything below the control flow is written once and shared: task invocation
// with its events, tokens, timeouts and callbacks (call, invoke), Retry (retryRule), Catch
// matching, concurrent branches and iterations (fanOut, framed), history, payload and
// event limits, and the clock. Lowering the old dialect onto the new tree, as text/template or expr
// would lower sugar onto one core, was considered and not done, because the dialects
// differ in their data model and not only in syntax: an old step list accumulates a
// $local that merges its steps' outputs and feeds later steps' inputs; goto jumps among
// siblings; a choice holds nested step lists; parallel and foreach locals are arrays whose
// output is {} by default; sources are JSONPath, not expressions. Lowered, each of these
// needs synthetic states and hidden variables, and the history — which users compare with
// the service's, step names and event IDs included ($context.step.eventId) — would show
// them or need translating back. A feature that concerns tasks, errors, time or limits
// is written once today; only a feature of the control flow itself is written twice.
// Revisit if that starts to happen often.
//
// # One file per state type (issue 18)
//
// A new-dialect state type is one file here, state_<type>.go (state_wait.go, …), holding
// both what compiling it and running it do: its methods of the two fdl.Visitor
// implementations, *program (compile.go: the expressions of its own fields) and *stateRun
// (state.go: what the type does, OutputConstructor and Retry included, setting the output
// and the state that follows). compileState and stateBody call st.Accept, which calls the
// method of the state's type; what every state has (constructors, Catch rules, history
// events, GlobalConstructor) stays in state.go and compile.go, reached through fdl.Base,
// fdl.Mover and fdl.Recoverer, never through a concrete type. So there is no switch over
// state types to extend, and a state type fdl adds (a method in fdl.Visitor) stops this
// package compiling until its file has both methods.
//
// Visiting through an interface makes the Go compiler put what it is handed on the heap:
// a frame made per state and passed to the visitor would be one allocation per state
// (the frame stayed on the stack under the type switch). Instead a scope runs its states
// with one stateRun, reset for each state: the execution's top scope with one kept in the
// runner, a Parallel's branches with a slice made where the branches' outputs were kept,
// a Map's iterations with a slice made once per Map state (which no longer copies its
// frame to the heap for its iterations). BenchmarkTenStates and BenchmarkThreeStates make
// as many allocations as with the switch (68 and 23), BenchmarkMapParallel too (122); an
// execution's garbage grows by the size of one stateRun per scope run (224 bytes).
//
// The old dialect keeps its switch on fdl.Step's Type (flow.go's stepBody): its step types
// are closed, and its Step is one struct, not a node type per step type.
//
// # Expressions and paths
//
// Expressions (Choice conditions, ".$" values in InputConstructor, OutputConstructor,
// Parameters, ItemConstructor and Catch OutputConstructor, ItemsPath, Seconds.$, and
// old-dialect choice conditions) are github.com/expr-lang/expr programs. expr counts '$'
// as a letter of identifiers, so $Input, $Output, $Context, $Global and $Item (and $,
// $input, $local in the old dialect) are plain variables of the program's environment:
// nothing is rewritten, and string literals are never touched. Each place allows only its
// variables (using $Output outside OutputConstructor does not compile). The grammar is
// expr's: == != < <= > >=, && || !, arithmetic, "" and backtick strings, member access
// ($Input.a.b, $Input["a"]), indexing, literals of arrays and maps, ?. and ?? for absent
// fields, and expr's builtins (len, upper, lower, trim, split, join, string, int, float,
// keys, values, filter, map, …); now() reads the Clock. CloudFlow's documented built-in
// functions (format, length, arrayContains, stringToJson, hash, uuid, … see builtins.go)
// are typed expr functions that take precedence over expr's builtins of the same name;
// calls nest at most 10 deep, and a built-in function refusing its arguments at run time
// fails the state with ErrInvalidExpression. A field that is absent reads as nil;
// reading a member of nil, or comparing nil with a number, is a runtime error
// (ErrRuntime). A condition that gives nil counts as false.
//
// An evaluation (one expression, or all the expressions of one constructor) runs within
// the limits limits.go documents: MaxExprBytes built, MaxExprElements of ranges, arrays and
// maps, MaxExprSteps predicate iterations and values walked, MaxExprTime; its text is at
// most MaxExprLength bytes with brackets nested at most MaxExprDepth deep. Sizes are
// checked before the value is built; past a limit the execution fails with
// ErrInvalidExpression, whatever its Catch rules.
//
// Every expression and path of a definition is compiled once, by CheckExpressions
// (CreateFlow) or the first execution, and kept on the definition (fdl.Definition.Compiled):
// every execution of it shares that compiled form, which is only read. What an evaluation
// needs of its execution (the clock of now(), the random source of uuid() and randomInt(),
// its budget) it gets with the evaluation, not from the program. An expression that does
// not compile fails every execution at once with ErrInvalidExpression, naming the state,
// the field and the expression.
//
// A Tasks that returns ErrUnmocked has the interpreter answer the task in its
// integration's response shape (unmocked.go), the TaskSucceeded event saying so.
//
// Old-dialect mapping sources, serviceParams values, foreach collections and wait
// duration and timestamp paths are "$" paths: "$input…" and "$…" read the step input,
// "$local…" the local; the rest ("$local[*].name", "$.a.b", "$input.items[0]") is an RFC
// 9535 JSONPath query run with github.com/theory/jsonpath. A singular query gives its
// value (null when absent), any other the array of what it selects. Any other value is a
// constant.
//
// # Data and limits
//
// Inputs and outputs are JSON objects. Numbers that are integers within int64 keep every
// digit; the others are float64. Values are read and written without reflection
// (decode.go, encode.go), to the bytes encoding/json reads and writes (compact, keys
// sorted, no HTML escaping); a state's input and output keep their text along the scope,
// so a value is encoded once. Event details of an execution share 512-byte chunks. Every state input (after InputConstructor), output and
// task result, Map item input, Catch output, old-dialect step input and output, and the
// execution input and output is at most Params.MaxPayload bytes of compact JSON (default
// 64 KiB); a larger one fails the execution with ErrDataLimitExceeded, whatever its Catch
// rules. The history holds at most Params.MaxEvents events (default 5,000): the event
// that would leave no room for the last one fails the execution instead, with
// ErrEventLimitExceeded, ExecutionFailed being the MaxEvents-th event.
//
// # History
//
// The real service's event order is not published; this is flowmock's, best effort.
// EventId counts from 1. An execution records ExecutionStarted, then per state (or step):
//
//	StepEntered {"input"}
//	  Task:      TaskScheduled {"resource","input","parameters","taskToken"} → TaskStarted {}
//	             → TaskSucceeded {"output"} | TaskFailed | TaskTimedOut {"error","cause"}
//	             (once per attempt, retries included)
//	  Parallel:  BranchEntered {"index"} … the branch's states … BranchExited {"index"}
//	  Map:       IterationEntered {"index"} … the item's states … IterationExited {"index"}
//	  distributed Map: StepStarted {"mapRunName"} (the items run as child executions)
//	StepSucceeded {"output"} | StepFailed {"error","cause"}
//	StepExited {}
//
// and finally ExecutionSucceeded {"output"} or ExecutionFailed, ExecutionStopped or
// ExecutionTimedOut {"error","cause"}. A Branch or Iteration that fails exits with the
// error in its detail. ScheduleEventId is 0 for ExecutionStarted; for StepEntered the
// previous state's StepExited in the same scope, or the event that opened the scope
// (ExecutionStarted, BranchEntered, IterationEntered, or a choice step's StepEntered);
// for TaskScheduled, BranchEntered, IterationEntered, StepStarted, StepSucceeded,
// StepFailed and StepExited the state's StepEntered; for TaskStarted and the task's outcome its
// TaskScheduled; for BranchExited and IterationExited their entered event; for the final
// event ExecutionStarted. Branches and iterations that run at once interleave their
// events. Times are the Clock's.
//
// # Time
//
// Waits, retry intervals and timeouts are measured on the Clock. On a clock where waits
// take no time (a session clock at scale 0, or a test clock), a wait step of two hours ends
// at once and the history still shows the two hours. When the Clock is an ActivityClock
// (package clock's session clock is one) the interpreter counts its goroutines — the
// execution's, each Parallel branch's and Map or foreach iteration's (a pool of
// MaxConcurrency workers) — as the session's running activities, so that at scale 0 the
// clock jumps only when all of them wait, to the earliest wake-up: concurrent waits
// overlap as in real time (branches waiting 100 s and 80 s end after 100 s; a Map of n
// waiting items with MaxConcurrency c takes ceil(n/c) waits). A task blocked on something
// else (a callback waiting for its report) counts as running: the clock then only follows
// wall time, or is advanced by hand.
//
// A task's Timeout is a deadline: on a DeadlineClock the interpreter waits for it without
// moving the clock (with At on an ActivityClock, which makes the deadline a wake-up a jump
// may go to, held until the task has seen it), so a task that returns in time leaves the
// clock alone. With a plain Clock the deadline is a Sleep: on a zero-time clock a blocked
// task then times out at once. A task result that arrives together with its timeout wins;
// Tasks can decide such races themselves from Invocation.Timeout (a Delay longer than it:
// return a *TaskError with Code ErrTimeout).
package interp
