'use strict';
// A {client} × {case} table of PASS/FAIL cells, printed at the end of a Node test file, like the
// Go suite's (../harness_test.go). A cell several tests set passes only when all of them pass.

class Matrix {
  constructor() { this.columns = []; this.rows = []; this.cells = new Map(); }

  // column and declare fix the print order of columns and rows.
  column(c) { if (!this.columns.includes(c)) this.columns.push(c); }

  declare(...rows) { for (const r of rows) if (!this.rows.includes(r)) this.rows.push(r); }

  set(c, r, ok) {
    this.column(c);
    this.declare(r);
    const key = `${c}\u0000${r}`;
    const prev = this.cells.get(key);
    this.cells.set(key, prev === undefined ? ok : prev && ok);
  }

  // render returns the table and a last line counting the cells; "-" where a cell did not run.
  render() {
    const width = Math.max('case'.length, ...this.rows.map((r) => r.length));
    const out = [];
    out.push(`| ${'case'.padEnd(width)} |${this.columns.map((c) => ` ${c} |`).join('')}`);
    out.push(`|${'-'.repeat(width + 2)}|${this.columns.map((c) => `${'-'.repeat(c.length + 2)}|`).join('')}`);
    let pass = 0; let fail = 0;
    for (const r of this.rows) {
      const cells = this.columns.map((c) => {
        const ok = this.cells.get(`${c}\u0000${r}`);
        let cell = '-';
        if (ok === true) { cell = 'PASS'; pass++; } else if (ok === false) { cell = 'FAIL'; fail++; }
        return ` ${cell.padEnd(c.length)} |`;
      });
      out.push(`| ${r.padEnd(width)} |${cells.join('')}`);
    }
    out.push(`matrix: ${pass} cells passed, ${fail} failed`);
    return out.join('\n');
  }
}

module.exports = { Matrix };
