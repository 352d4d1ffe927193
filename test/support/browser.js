// Which Chromium the browser tests drive, and whether this machine has it. Plain CommonJS: Jest's
// config reads it before any TypeScript is compiled, and the tests read it too.
const fs = require('node:fs');
const path = require('node:path');

/** Debian's Chromium by default; `JITTASK_CHROMIUM` names another executable. */
const CHROMIUM_PATH = process.env.JITTASK_CHROMIUM || '/usr/bin/chromium';

/** True when the Chromium executable is there to launch. */
function chromiumAvailable() {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The test files that launch the browser: every test file under test/ that opens the dashboard.
 * Found by reading the sources, so a new browser test needs no list to be kept up to date.
 */
function browserTestFiles(testRoot) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'fixtures') walk(full);
      else if (entry.name.endsWith('.test.ts') && /\bopenDashboard\(/.test(fs.readFileSync(full, 'utf8'))) found.push(full);
    }
  };
  walk(testRoot);
  return found;
}

module.exports = { CHROMIUM_PATH, chromiumAvailable, browserTestFiles };
