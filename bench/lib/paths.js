'use strict';
/** Where the benchmarks keep what they generate (gitignored) and where the compiled package lives. */
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '..', '..');
const TMP = path.join(ROOT, 'bench', '.tmp');
const DIST = path.join(ROOT, 'dist', 'index.js');

/** An empty folder `bench/.tmp/<name>` (removed first if it exists). */
function freshDir(name) {
  const dir = path.join(TMP, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

module.exports = { ROOT, TMP, DIST, freshDir };
