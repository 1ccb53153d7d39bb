package main

import (
	"flag"
	"fmt"
	"strings"
)

// envPrefix starts the environment variable of every serve flag: --max-body is
// FLOWMOCK_MAX_BODY.
const envPrefix = "FLOWMOCK_"

// envName is the environment variable of the flag name.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// secretFlag reports whether the value of the flag must never be printed.
func secretFlag(name string) bool {
	return strings.Contains(name, "token") || strings.Contains(name, "secret")
}

// applyEnv sets, after fs.Parse, every flag the command line did not set from its
// FLOWMOCK_<NAME> variable (dashes as underscores), if lookup finds one: the command line
// wins over the environment, the environment over the defaults. A variable set to a value
// the flag refuses is an error naming the variable (and the value, unless it is a secret).
func applyEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil || set[f.Name] {
			return
		}
		name := envName(f.Name)
		v, ok := lookup(name)
		if !ok {
			return
		}
		if e := fs.Set(f.Name, v); e != nil {
			if secretFlag(f.Name) {
				err = fmt.Errorf("%s: invalid value for --%s", name, f.Name)
			} else {
				err = fmt.Errorf("%s=%q: invalid value for --%s: %v", name, v, f.Name, e)
			}
		}
	})
	return err
}
