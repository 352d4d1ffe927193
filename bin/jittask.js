#!/usr/bin/env node
// The jittask command. It runs the compiled package (npm ci builds dist/ through `prepare`).
require('../dist/cli/main.js').main(process.argv).then((code) => { process.exitCode = code; });
