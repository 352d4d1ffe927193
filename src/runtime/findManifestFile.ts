import * as fs from 'node:fs';
import * as path from 'node:path';

/** An app folder's manifest: its path, and whether the folder holds both kinds (a mistake). */
export interface ManifestLocation {
  file: string;
  /** Both `app.yaml` and `app.json` are present; `file` is then the `app.json`. */
  both: boolean;
}

/**
 * The manifest of the app in `dir`: `app.yaml`, else JitAi's `app.json`; undefined when there is
 * neither. A folder with both is reported by the manifest reader, which cannot tell which one the
 * author meant.
 */
export function findManifestFile(dir: string): ManifestLocation | undefined {
  const yaml = path.join(dir, 'app.yaml');
  const json = path.join(dir, 'app.json');
  const hasYaml = fs.existsSync(yaml);
  const hasJson = fs.existsSync(json);
  if (hasYaml && hasJson) return { file: json, both: true };
  if (hasYaml) return { file: yaml, both: false };
  if (hasJson) return { file: json, both: false };
  return undefined;
}
