'use strict';
/**
 * The append-only log of a chaos run: one JSON line per fact, one file per process
 * (`<dir>/<role>-<pid>.jsonl`), so lines of different processes never interleave. Every line is
 * written synchronously: a line a process wrote before `kill -9` is in the file.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Opens this process's log file under `dir`; returns `write(fact)`, which adds `pid` and `t`. */
function openLog(dir, role) {
  const fd = fs.openSync(path.join(dir, `${role}-${process.pid}.jsonl`), 'a');
  return (fact) => {
    fs.writeSync(fd, `${JSON.stringify({ ...fact, pid: process.pid, t: Date.now() })}\n`);
  };
}

/** Every line of every log file under `dir`, sorted by time (ties keep file order). */
function readLogs(dir) {
  const facts = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      try {
        facts.push(JSON.parse(line));
      } catch {
        // the last line of a process killed in the middle of a write: nothing to learn from it
      }
    }
  }
  return facts.map((f, i) => ({ f, i })).sort((a, b) => a.f.t - b.f.t || a.i - b.i).map(({ f }) => f);
}

module.exports = { openLog, readLogs };
