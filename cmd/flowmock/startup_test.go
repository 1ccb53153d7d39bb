package main

import (
	"strings"
	"testing"
)

// TestNoRootsAtInit: no package of the command parses Mozilla's roots at initialization
// (x509roots/fallback did, about 4 ms of every start); proxy, record, verify and an HTTPS
// health probe build them when they need them (internal/roots).
func TestNoRootsAtInit(t *testing.T) {
	cmd := flowmockCmd(t, []string{"GODEBUG=inittrace=1"}, "version")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("flowmock version: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "init runtime @") {
		t.Fatalf("no init trace in the output, want GODEBUG=inittrace=1's lines:\n%.500s", out)
	}
	if strings.Contains(string(out), "init golang.org/x/crypto/x509roots/fallback @") {
		t.Error("the init trace has golang.org/x/crypto/x509roots/fallback, want the roots parsed only when needed")
	}
}
