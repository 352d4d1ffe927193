import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { fixtureDir } from '../fixtures/fixtureDir';

/**
 * Writes an app that extends the `model-app` fixture, with `settings` and the given element
 * definitions (keyed by folder under `elements/`, e.g. `models/Meeting`), and returns its folder.
 * A definition holding only `fields` overrides that key of the fixture's model: the same model,
 * its fields edited.
 */
export function writeModelApp(elements: Record<string, Record<string, unknown>>, settings?: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jt-model-app-'));
  const manifest = {
    appId: 'test.ModelAppEdited',
    title: 'Models edited by a test',
    extends: [fixtureDir('model-app')],
    ...(settings ? { settings } : {}),
  };
  fs.writeFileSync(path.join(dir, 'app.yaml'), stringify(manifest));
  for (const [folder, define] of Object.entries(elements)) {
    fs.mkdirSync(path.join(dir, 'elements', folder), { recursive: true });
    fs.writeFileSync(path.join(dir, 'elements', folder, 'e.yaml'), stringify(define));
  }
  return dir;
}

/** A fresh folder for an app's runtime data. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jt-model-data-'));
}
