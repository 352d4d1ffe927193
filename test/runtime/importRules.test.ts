import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('the import rules of src (.dependency-cruiser.cjs)', () => {
  test('hold: no runtime cycle, db imports only errors, runtime imports neither tasks nor models, models import no tasks, the task wing is entered by its front door and its reads stay apart from its writes', () => {
    const bin = path.join(root, 'node_modules/.bin/depcruise');
    // Throws, with the violations in its message, when depcruise exits non-zero.
    const out = execFileSync(bin, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: root, encoding: 'utf8' });
    expect(out).not.toMatch(/error/);
  });
});
