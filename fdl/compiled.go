package fdl

// compiled is what Definition.Compiled keeps.
type compiled struct{ v any }

// Compiled returns what build makes of the definition, calling build only the first time
// (calls at once may each build; one result is kept and returned to all). Package interp
// keeps the definition's compiled expressions here, so that every execution of a
// definition shares one compiled form; fdl itself compiles nothing. A definition must not
// be changed once compiled.
func (d *Definition) Compiled(build func(*Definition) any) any {
	if c := d.compiled.Load(); c != nil {
		return c.v
	}
	d.compiled.CompareAndSwap(nil, &compiled{build(d)})
	return d.compiled.Load().v
}
