'use strict';
// What the Go module embeds, for the Node suite, which cannot read Go packages: both read
// through `go run ./internal/fixturejson` (see ../internal/fixturejson), the source the Go
// suite uses too.

const { execFileSync } = require('node:child_process');
const path = require('node:path');

const sdktestDir = path.resolve(__dirname, '..');

function fixturejson(...args) {
  const out = execFileSync('go', ['run', './internal/fixturejson', ...args], {
    cwd: sdktestDir, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out);
}

// fixtureExecutions returns {flow: [execution...]} from the embedded fixtures, in service order.
function fixtureExecutions(...flows) {
  return fixturejson(...flows);
}

// documentedErrors returns [{code, status}], the contract's error catalogue
// (mock.ContractCatalogue, as the Go suite reads it), ordered by status then code.
function documentedErrors() {
  return fixturejson('-catalogue');
}

module.exports = { fixtureExecutions, documentedErrors };
