package record

import (
	"fmt"
	"regexp"
	"sort"
)

// The redaction rule. Account IDs are the fourth field of an Alibaba Cloud resource name
// (acs:SERVICE:REGION:ACCOUNT:RESOURCE); every distinct one becomes 100000000001,
// 100000000002, … in ascending order of the originals. RAM role names
// (acs:ram::ACCOUNT:role/NAME) become role-1, role-2, … the same way. The rule applies to
// every recorded string: definitions, inputs, outputs. Request IDs are never recorded.
var (
	accountRE = regexp.MustCompile(`(acs:[a-z0-9-]+:[a-z0-9-]*:)(\d+)(:)`)
	roleRE    = regexp.MustCompile(`(acs:ram::\d+:role/)([A-Za-z0-9._@-]+)`)
)

type redactor struct {
	accounts, roles map[string]string
}

// newRedactor numbers the identifiers found in texts.
func newRedactor(texts []string) *redactor {
	r := &redactor{accounts: map[string]string{}, roles: map[string]string{}}
	number(texts, accountRE, r.accounts, func(i int) string { return fmt.Sprintf("1%011d", i) })
	// Role names are found after the accounts are replaced, so the pattern sees either form.
	replaced := make([]string, len(texts))
	for i, t := range texts {
		replaced[i] = r.accountsIn(t)
	}
	number(replaced, roleRE, r.roles, func(i int) string { return fmt.Sprintf("role-%d", i) })
	return r
}

func number(texts []string, re *regexp.Regexp, into map[string]string, name func(int) string) {
	seen := map[string]bool{}
	for _, t := range texts {
		for _, m := range re.FindAllStringSubmatch(t, -1) {
			seen[m[2]] = true
		}
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for i, id := range ids {
		into[id] = name(i + 1)
	}
}

func (r *redactor) accountsIn(s string) string {
	return accountRE.ReplaceAllStringFunc(s, func(m string) string {
		p := accountRE.FindStringSubmatch(m)
		return p[1] + r.accounts[p[2]] + p[3]
	})
}

// Redact applies the rule to s.
func (r *redactor) Redact(s string) string {
	s = r.accountsIn(s)
	return roleRE.ReplaceAllStringFunc(s, func(m string) string {
		p := roleRE.FindStringSubmatch(m)
		if n, ok := r.roles[p[2]]; ok {
			return p[1] + n
		}
		return m
	})
}

func (r *redactor) count() int { return len(r.accounts) + len(r.roles) }

func (r *redactor) file(f *file) {
	f.Definition = r.Redact(f.Definition)
	for i := range f.Executions {
		e := &f.Executions[i]
		e.Input, e.Output, e.FlowDefinition = r.Redact(e.Input), r.Redact(e.Output), r.Redact(e.FlowDefinition)
	}
}

// strs lists every string of files the rule applies to.
func strs(files []file) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Definition)
		for _, e := range f.Executions {
			out = append(out, e.Input, e.Output, e.FlowDefinition)
		}
	}
	return out
}

// Redactor returns the rule as it applies to what r recorded so far, for comparing an
// upstream's answers with a replay of the recording.
func (r *Recorder) Redactor() interface{ Redact(string) string } {
	files, _ := r.raw()
	return newRedactor(strs(files))
}
