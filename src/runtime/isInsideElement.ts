import * as fs from 'node:fs';
import * as path from 'node:path';

/** The names of an element's definition file, in the order they are looked for. */
export const DEFINITION_FILES = ['e.yaml', 'e.yml', 'e.json'];

/**
 * True when `file` (a real path) lies below `elementDir` (a real path) and not in the folder of an
 * element nested in it: a folder on the way that holds a definition file is another element's.
 */
export function isInsideElement(file: string, elementDir: string): boolean {
  if (!file.startsWith(elementDir + path.sep)) return false;
  for (let d = path.dirname(file); d !== elementDir; d = path.dirname(d)) {
    if (DEFINITION_FILES.some((name) => fs.existsSync(path.join(d, name)))) return false;
  }
  return true;
}
