import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { fixtureDir } from '../fixtures/fixtureDir';

/**
 * Writes an app that extends the `model-app` fixture and (re)defines the given models,
 * `elements/models/<Name>/e.yaml` each, and returns its folder. A definition holding only `fields`
 * overrides that key of the fixture's model: the same model, its fields edited.
 */
export function writeModelApp(models: Record<string, Record<string, unknown>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-model-app-'));
  fs.writeFileSync(path.join(dir, 'app.yaml'), stringify({ appId: 'test.ModelAppEdited', title: 'Models edited by a test', extends: [fixtureDir('model-app')] }));
  for (const [name, define] of Object.entries(models)) {
    fs.mkdirSync(path.join(dir, 'elements', 'models', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'elements', 'models', name, 'e.yaml'), stringify(define));
  }
  return dir;
}

/** A fresh folder for an app's runtime data. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jt-model-data-'));
}
