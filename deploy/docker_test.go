package deploy

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// needDocker skips the test, saying why, when no Docker daemon answers (.ci/run starts one).
func needDocker(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("docker"); err != nil {
		t.Skip("skipped: no docker CLI (apt-get install -y docker.io, then start dockerd; .ci/run does)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "docker", "info", "--format", "{{.ServerVersion}}").CombinedOutput(); err != nil {
		t.Skipf("skipped: the Docker daemon does not answer (%v: %s); start dockerd (.ci/run does)", err, strings.TrimSpace(string(out)))
	}
}

// run runs a command and returns its trimmed stdout; a failure or a run over timeout fails the
// test with the command's output.
func run(t *testing.T, timeout time.Duration, name string, args ...string) string {
	t.Helper()
	out, err := tryRun(timeout, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return out
}

// tryRun is run returning its error (with stderr) instead of failing.
func tryRun(timeout time.Duration, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", &cmdError{err: err, stderr: stderr.String() + stdout.String()}
	}
	return strings.TrimSpace(stdout.String()), nil
}

type cmdError struct {
	err    error
	stderr string
}

func (e *cmdError) Error() string { return e.err.Error() + ": " + strings.TrimSpace(e.stderr) }
