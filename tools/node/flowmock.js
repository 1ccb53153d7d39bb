'use strict';
// Starts and stops `flowmock serve` for Node tests (sdktest/node, console/e2e, and yours: copy
// this file, it uses node: built-ins only). FLOWMOCK_BIN names a built binary (`make build` at
// the repository root builds bin/flowmock, or take a release binary); without it the binary is
// built once into a temporary directory from the repository root (needs Go). FLOWMOCK_URL
// names a server already running (the container image, `flowmock serve` started elsewhere):
// startMock() then resolves to it and close() leaves it running.

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const repoDir = path.resolve(__dirname, '..', '..');

let builtBin;

// flowmockBin returns the path of the flowmock binary, building it when FLOWMOCK_BIN is unset.
function flowmockBin() {
  if (process.env.FLOWMOCK_BIN) return path.resolve(process.env.FLOWMOCK_BIN);
  if (!builtBin) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowmock-node-'));
    builtBin = path.join(dir, 'flowmock');
    execFileSync('go', ['build', '-o', builtBin, './cmd/flowmock'], { cwd: repoDir, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return builtBin;
}

// startMock runs `flowmock serve --addr 127.0.0.1:0 ...args` and resolves to
// {url, stderr, close} once the server printed its address (its first stdout line): url is
// http://host:port, stderr() what the server wrote to stderr so far, and close() stops it.
// command may name another command that serves (proxy, record).
function startMock(args = [], timeoutMs = 30000, command = 'serve') {
  if (process.env.FLOWMOCK_URL) return useRunning(process.env.FLOWMOCK_URL, command === 'serve' ? args : [command, ...args]);
  return new Promise((resolve, reject) => {
    const bin = flowmockBin();
    const proc = spawn(bin, [command, '--addr', '127.0.0.1:0', '--log-level', 'error', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (b) => { stderr += b; });
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`flowmock did not print its address within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    // A binary that cannot be started (missing, not executable) emits 'error', and maybe no
    // 'exit': fail now rather than at the timeout. The listener stays, so a later error (a
    // failed kill) cannot crash the test process.
    proc.on('error', (err) => {
      clearTimeout(timer);
      const hint = err.code === 'ENOENT' || err.code === 'EACCES'
        ? ' (build it with `make build` at the repository root, or set FLOWMOCK_BIN to a built flowmock binary)'
        : '';
      reject(new Error(`cannot run flowmock ${bin}: ${err.message}${hint}`));
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`flowmock exited (code ${code}, signal ${signal}) before serving; stderr:\n${stderr}`));
    });
    const lines = readline.createInterface({ input: proc.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = /^flowmock listening on (http:\/\/\S+)/.exec(line);
      if (!m) {
        proc.kill();
        reject(new Error(`unexpected first line from flowmock: ${line}`));
        return;
      }
      proc.removeAllListeners('exit');
      lines.on('line', () => {}); // keep draining stdout
      resolve({
        url: m[1],
        stderr: () => stderr,
        close: () => new Promise((done) => {
          if (proc.exitCode !== null || proc.signalCode !== null) { done(); return; }
          proc.once('exit', () => done());
          proc.kill('SIGTERM');
        }),
      });
    });
  });
}

// useRunning resolves to the server at url (FLOWMOCK_URL) once its health probe answers; a
// test that needs serve flags cannot have them there, so args must be empty.
async function useRunning(url, args) {
  if (args.length > 0) {
    throw new Error(`FLOWMOCK_URL=${url} names a running server, but this test starts flowmock with ${args.join(' ')}: unset FLOWMOCK_URL`);
  }
  const base = url.replace(/\/+$/, '');
  const res = await fetch(`${base}/_mock/health`);
  if (res.status !== 200) throw new Error(`FLOWMOCK_URL=${url}: GET /_mock/health answered ${res.status}`);
  return { url: base, stderr: () => '', close: async () => {} };
}

module.exports = { startMock };
