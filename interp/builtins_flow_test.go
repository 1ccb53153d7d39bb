package interp_test

import "testing"

// TestBuiltinInFlow: built-in functions in constructors and conditions; a wrong argument
// type at run time fails the state with FnF.InvalidExpression naming the function, which
// a Catch rule can match.
func TestBuiltinInFlow(t *testing.T) {
	runCases(t, []newCase{
		{name: "ConstructorAndCondition", def: machine("A", `
  - Type: Pass
    Name: A
    OutputConstructor:
      greeting.$: format('Hello, {}', $Input.user)
      n.$: length($Input.tags)
      tag.$: hash(jsonToString(arrayUnique($Input.tags)), "MD5")
    Next: C
  - Type: Choice
    Name: C
    Branches:
      - Condition: arrayContains(mapKeys($Input), "greeting") && $Input.n == 3
        Next: Yes
    Default: No
  - Type: Succeed
    Name: Yes
  - Type: Fail
    Name: No
    Code: Wrong
    Detail: wrong
`), input: `{"user":"Tom","tags":["a","b","a"]}`, want: `Succeeded {"greeting":"Hello, Tom","n":3,"tag":"e53f04d1bcc1428d9e8db9a93578c5eb"}`},
		{name: "WrongTypeFails", def: machine("A", `
  - Type: Pass
    Name: A
    OutputConstructor:
      n.$: length($Input.n)
    End: true
`), input: `{"n":5}`, want: `Failed FnF.InvalidExpression: state A: expression "length($Input.n)": length: argument 1 (value) is a number, want a string, an array or an object (1:1)`},
		{name: "WrongTypeCaught", def: machine("A", `
  - Type: Task
    Name: A
    Action: FC:InvokeFunction
    OutputConstructor:
      n.$: length($Output.n)
    Catch:
      - Errors: [FnF.InvalidExpression]
        Next: Handled
    End: true
  - Type: Pass
    Name: Handled
    End: true
`), input: `{"n":5}`, want: `Succeeded {"Code":"FnF.InvalidExpression","Detail":"state A: expression \"length($Output.n)\": length: argument 1 (value) is a number, want a string, an array or an object (1:1)"}`},
	})
}
