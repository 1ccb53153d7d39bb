package interp

import (
	"errors"
	"reflect"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// compileLimited is expr.Compile with the limits: the text's nesting is checked before it
// is parsed; then, before the type check, every call of a budgeted function gets the
// budget as its first argument and every predicate body counts a step; after it, the
// operators that may walk or build large values (+ on strings or unknown types, == and
// != on containers or unknown types, in, matches on a pattern that is not a short
// literal) become calls of budgeted functions, and the tree is checked again if any did.
// The tree is checked once more than by expr.Compile only in that case.
func compileLimited(src string, opts ...expr.Option) (*vm.Program, error) {
	if err := checkNesting(src); err != nil {
		return nil, err
	}
	config := conf.CreateNew()
	config.MaxNodes = MaxExprNodes
	for _, op := range opts {
		op(config)
	}
	for name := range config.Disabled {
		delete(config.Builtins, name)
	}
	config.Check()
	tree, err := parser.ParseWithConfig(src, config)
	if err != nil {
		return nil, err
	}
	if err := checkCallDepth(tree.Node); err != nil { // before the calls the limits add
		return nil, err
	}
	ast.Walk(&tree.Node, &budgetArgs{config: config})
	if _, err := new(checker.Checker).PatchAndCheck(tree, config); err != nil {
		return nil, err
	}
	ops := &budgetOps{config: config}
	ast.Walk(&tree.Node, ops)
	if ops.changed {
		if _, err := checker.Check(tree, config); err != nil {
			return nil, err
		}
	}
	if err := optimizer.Optimize(&tree.Node, config); err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			return nil, fe.Bind(tree.Source)
		}
		return nil, err
	}
	return compiler.Compile(tree, config)
}

// budgetArgs passes the budget to budgeted functions and counts predicate iterations.
type budgetArgs struct{ config *conf.Config }

func (v *budgetArgs) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return
		}
		if f, ok := v.config.Functions[id.Value]; ok && isBudgeted(f) {
			n.Arguments = append([]ast.Node{budgetIdent(n)}, n.Arguments...)
		}
	case *ast.PredicateNode:
		v.config.Functions[tickFunc] = limitFunctions[tickFunc]
		tick := &ast.CallNode{Callee: &ast.IdentifierNode{Value: tickFunc}, Arguments: []ast.Node{budgetIdent(n)}}
		tick.SetLocation(n.Location())
		body := &ast.SequenceNode{Nodes: []ast.Node{tick, n.Node}}
		body.SetLocation(n.Node.Location())
		n.Node = body
	}
}

// budgetIdent is the budget variable, at n's place in the text.
func budgetIdent(n ast.Node) ast.Node {
	id := &ast.IdentifierNode{Value: budgetVar}
	id.SetLocation(n.Location())
	return id
}

// budgetOps replaces the operators that may walk or build large values by calls of
// budgeted functions, from the types the checker found.
type budgetOps struct {
	config  *conf.Config
	changed bool
}

func (v *budgetOps) Visit(node *ast.Node) {
	n, ok := (*node).(*ast.BinaryNode)
	if !ok {
		return
	}
	l, r := n.Left.Type(), n.Right.Type()
	var fn string
	switch n.Operator {
	case "+":
		if (unknown(l) || isKind(l, reflect.String)) && (unknown(r) || isKind(r, reflect.String)) {
			fn = addFunc
		}
	case "==", "!=":
		if !scalar(l) && !scalar(r) {
			fn = eqFunc
			if n.Operator == "!=" {
				fn = neFunc
			}
		}
	case "in":
		if !isKind(r, reflect.Map) && !isKind(r, reflect.Struct) {
			fn = inFunc
		}
	case "matches":
		if s, ok := n.Right.(*ast.StringNode); !ok || len(s.Value) > maxConstPattern {
			fn = matchesFunc
		}
	}
	if fn == "" {
		return
	}
	v.config.Functions[fn] = limitFunctions[fn]
	ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: fn}, Arguments: []ast.Node{budgetIdent(n), n.Left, n.Right}})
	v.changed = true
}

// unknown tells whether the checker does not know t (an interface).
func unknown(t reflect.Type) bool { return t == nil || t.Kind() == reflect.Interface }

func isKind(t reflect.Type, k reflect.Kind) bool { return t != nil && t.Kind() == k }

// scalar tells whether t is a known type that is not a container.
func scalar(t reflect.Type) bool {
	if unknown(t) {
		return false
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Struct, reflect.Pointer:
		return false
	}
	return true
}
