package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

// version and commit are set at release time:
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.commit=$(git rev-parse HEAD)" ./cmd/flowmock
//
// Unset, they come from the build info (the module version of `go install …@v1.2.0`, and
// the VCS revision go build records in a checkout).
var (
	version = ""
	commit  = ""
)

// buildInfo is what `flowmock version` prints.
type buildInfo struct {
	Version, Commit, GoVersion string
	Modified                   bool
}

// readBuildInfo combines the -ldflags values with the binary's build info.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, Commit: commit, GoVersion: "unknown"}
	if info, ok := debug.ReadBuildInfo(); ok {
		b.GoVersion = info.GoVersion
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	return b
}

func (b buildInfo) String() string {
	dirty := ""
	if b.Modified {
		dirty = " (modified)"
	}
	return fmt.Sprintf("flowmock %s\ncommit %s%s\n%s\n", b.Version, b.Commit, dirty, b.GoVersion)
}

// versionCmd prints the version, the commit and the Go version the binary was built with.
func versionCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("flowmock version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("version takes no arguments, got %q", fs.Args())
	}
	_, err := io.WriteString(stdout, readBuildInfo().String())
	return err
}
