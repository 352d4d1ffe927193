#!/usr/bin/env node
// The jittask command. It runs the compiled package (npm ci builds dist/ through `prepare`).
// It exits once the command is done: a task function left running after `run` stopped (one that
// ignores its signal) must not keep the process alive.
require('../dist/cli/main.js').main(process.argv).then((code) => process.exit(code));
