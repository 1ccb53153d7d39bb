package interp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/interp"
)

// exprFlow is a Pass state whose OutputConstructor is {"v.$": src}.
func exprFlow(src string) string {
	q, _ := json.Marshal(src)
	return machine("P", fmt.Sprintf("  - Type: Pass\n    Name: P\n    OutputConstructor:\n      v.$: %s\n    End: true\n", q))
}

// thousand is an input whose array a has 1,000 numbers.
var thousand = func() string {
	a := make([]int, 1000)
	b, _ := json.Marshal(map[string]any{"a": a, "s": "x", "re": "^x+$"})
	return string(b)
}()

const (
	bytesLimit    = "limit exceeded: the expression would build more than 1048576 bytes (MaxExprBytes)"
	stepsLimit    = "limit exceeded: the expression would take more than 100000 steps (MaxExprSteps)"
	timeLimit     = "limit exceeded: the expression ran longer than 1s (MaxExprTime)"
	elementsLimit = "limit exceeded: the expression would build more than 100000 array, map or range elements (MaxExprElements)"
	dag           = `reduce(1..60, [#acc, #acc], [1])`
)

func TestExpressionLimits(t *testing.T) {
	for _, c := range []struct{ name, src, limit string }{
		{"NestedRepeat", `len(repeat(repeat("a", 999999), 1000000))`, bytesLimit},
		{"RepeatOf100MB", `len(repeat(repeat("a", 999999), 100))`, bytesLimit},
		{"MillionStepReduce", `reduce($Input.a, reduce($Input.a, #acc + 1, 0) + #acc, 0)`, stepsLimit},
		{"MillionElementRange", `reduce(1..1000000, #acc + #, 0)`, elementsLimit},
		{"NestedAll", `all($Input.a, all($Input.a, all($Input.a, true)))`, stepsLimit},
		{"DoublingConcatenation", `len(reduce(1..40, #acc + #acc, "a"))`, bytesLimit},
		{"ReplaceBomb", `len(replace(repeat("a", 100000), "a", repeat("b", 100000)))`, bytesLimit},
		{"JoinBomb", `len(join(map(1..2000, repeat("x", 1000))))`, bytesLimit},
		{"UpperInALoop", `reduce(1..1000, len(upper(repeat("x", 10000))), 0)`, bytesLimit},
		{"SharedResult", dag, bytesLimit},
		{"SharedEquality", `let a = ` + dag + `; let b = ` + dag + `; a == b`, bytesLimit},
		{"SharedIn", `1 in flatten(` + dag + `)`, bytesLimit},
		{"SharedToJSON", `len(toJSON(` + dag + `))`, bytesLimit},
		{"SharedMax", `max(` + dag + `)`, bytesLimit},
		{"SharedConcat", `len(concat(` + dag + `, ` + dag + `))`, bytesLimit},
		{"LongComputedPattern", `repeat("a", 100000) matches repeat("a*", 50000)`, stepsLimit},
	} {
		t.Run(c.name, func(t *testing.T) {
			snap := interp.Run(context.Background(), params(t, exprFlow(c.src), thousand, &script{}))
			want := fmt.Sprintf("Failed %s: state P: expression %q: %s", interp.ErrInvalidExpression, c.src, c.limit)
			// On a slow machine (the race detector, a busy CI) the time backstop may stop
			// a run of MaxExprSteps first: either limit holds the run.
			slow := strings.Replace(want, stepsLimit, timeLimit, 1)
			if got := outcome(snap); got != want && (c.limit != stepsLimit || got != slow) {
				t.Errorf("outcome = %s\nwant      %s", got, want)
			}
		})
	}
}

func TestExpressionsWithinLimits(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"Repeat", `len(repeat("ab", 1000))`, `2000`},
		{"Concatenation", `"a" + $Input.s + "b"`, `"axb"`},
		{"Sum", `$Input.a[0] + 1`, `1`},
		{"ArrayEquality", `[1, [2]] == [1, [2]] && {"a": 1} != {"a": 2}`, `true`},
		{"In", `0 in $Input.a && !(5 in [1, 2]) && 5 not in [1, 2]`, `true`},
		{"ComputedPattern", `$Input.s matches $Input.re`, `true`},
		{"Builtins", `[toJSON({"a": 1}), string(1), join(["a", "b"], "-"), upper("x"), replace("aa", "a", "bc"), split("a,b", ",")]`,
			`["{\"a\":1}","1","a-b","X","bcbc",["a","b"]]`},
		{"Collections", `[max([1, 5, 3]), min(2, 1), keys({"k": 1}), flatten([[1], [2, [3]]]), concat([1], [2]), uniq([1, 1]), sort([2, 1]), reverse([1, 2])]`,
			`[5,1,["k"],[1,2,3],[1,2],[1],[1,2],[2,1]]`},
		{"Reduce", `reduce($Input.a, #acc + 1, 0)`, `1000`},
		{"Predicates", `[sortBy([3, 1, 2], #), groupBy([1, 2, 3], # % 2)[1], count($Input.a, # == 0), sum([1, 2]), find([1, 2], # > 1),
  filter([1, 2, 3], # > 1)[0], map(filter([1, 2, 3], # > 1), # * 2), all([1], # > 0), one([1, 2], # > 1)]`,
			`[[1,2,3],[1,3],1000,3,2,2,[4,6],true,true]`},
		{"NestedCalls", `len(upper(lower(trim(string(len(repeat("a", 3)))))))`, `1`},
	} {
		t.Run(c.name, func(t *testing.T) {
			snap := interp.Run(context.Background(), params(t, exprFlow(c.src), thousand, &script{}))
			if got, want := outcome(snap), `Succeeded {"v":`+c.want+`}`; got != want {
				t.Errorf("outcome = %s\nwant      %s", got, want)
			}
		})
	}
}

// TestExpressionLimitNotCaught: an expression past a limit fails the execution even in a
// state whose Catch rule takes every error.
func TestExpressionLimitNotCaught(t *testing.T) {
	def := machine("Call", `
  - Type: Task
    Name: Call
    Action: FC:InvokeFunction
    Parameters:
      body.$: len(repeat(repeat("a", 999999), 1000000))
    Catch:
      - Errors: [FnF.ALL]
        Next: Done
    Next: Done
  - Type: Succeed
    Name: Done
`)
	s := &script{}
	snap := interp.Run(context.Background(), params(t, def, `{}`, s))
	if snap.Status != interp.Failed || snap.Error != interp.ErrInvalidExpression || !strings.Contains(snap.Cause, bytesLimit) {
		t.Errorf("outcome = %s, want Failed %s: …%s", outcome(snap), interp.ErrInvalidExpression, bytesLimit)
	}
	if got := s.invocations(); got != "" {
		t.Errorf("invocations = %q, want none", got)
	}
}

func TestExpressionNesting(t *testing.T) {
	for _, c := range []struct {
		name, prefix string
		depth        int
		want         string
	}{
		{"AtTheLimit", "", 64, `Succeeded {"v":1}`},
		{"InStringsAndComments", "len('(((' + \"(\\\"(\" + `((`) /* ((( */ > 0 ? 1 : // '((\n", 64, `Succeeded {"v":1}`},
		{"AfterAQuoteInAComment", "// it's\n", 65,
			"Failed FnF.InvalidExpression: state P, field OutputConstructor: expression %q: nests more than 64 brackets (MaxExprDepth)"},
		{"Deeper", "", 65, "Failed FnF.InvalidExpression: state P, field OutputConstructor: expression %q: nests more than 64 brackets (MaxExprDepth)"},
		{"FourThousand", "", 4000, "Failed FnF.InvalidExpression: state P, field OutputConstructor: expression %q: nests more than 64 brackets (MaxExprDepth)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := c.prefix + strings.Repeat("(", c.depth) + "1" + strings.Repeat(")", c.depth)
			snap := interp.Run(context.Background(), params(t, exprFlow(src), `{}`, &script{}))
			want := c.want
			if strings.Contains(want, "%q") {
				want = fmt.Sprintf(want, shortened(src))
			}
			if got := outcome(snap); got != want {
				t.Errorf("outcome = %.300s\nwant      %.300s", got, want)
			}
		})
	}
}

// TestExpressionLength: a million unary operators (expr's parser recurses on each before
// it counts nodes; this overflowed the stack) are refused by their length.
func TestExpressionLength(t *testing.T) {
	src := strings.Repeat("!", 1_000_000) + "true"
	snap := interp.Run(context.Background(), params(t, exprFlow(src), `{}`, &script{}))
	want := fmt.Sprintf("Failed FnF.InvalidExpression: state P, field OutputConstructor: expression %q: is 1000004 bytes long, more than 8192 (MaxExprLength)", shortened(src))
	if got := outcome(snap); got != want {
		t.Errorf("outcome = %s\nwant      %s", got, want)
	}
}

// shortened is src as messages quote it: at most 256 bytes, then "…".
func shortened(src string) string {
	if len(src) > 256 {
		return src[:256] + "…"
	}
	return src
}
