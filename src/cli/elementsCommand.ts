import * as path from 'node:path';
import { loadApp } from '../runtime/loadApp';
import type { ElementRecord } from '../runtime/ElementDefinition';
import type { CliOutput } from './CliOutput';

/**
 * `jittask elements [appDir]`: the element tree (Meta → Type → Instance), which app each element's
 * winning definition comes from, and which definitions it overrides.
 */
export async function elementsCommand(appDir: string, out: CliOutput): Promise<number> {
  const app = await loadApp(path.resolve(appDir));
  try {
    const records = app.allRecords().filter((r) => r.visible);
    const children = new Map<string, ElementRecord[]>();
    for (const r of records) {
      const parent = r.define.type ?? '';
      children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const print = (r: ElementRecord, depth: number): void => {
      const [winner, ...shadowed] = r.sources;
      const overrides = shadowed.length > 0 ? `  overrides ${shadowed.map((s) => s.appId).join(', ')}` : '';
      out.log(`${'  '.repeat(depth)}${r.fullName} [${r.kind}] "${r.define.title}"  (${winner!.appId})${overrides}`);
      for (const c of (children.get(r.fullName) ?? []).sort((a, b) => a.fullName.localeCompare(b.fullName))) print(c, depth + 1);
    };
    out.log(`${app.appId} ${app.version}: ${app.chain.map((c) => c.appId).join(' -> ')}`);
    for (const meta of (children.get('') ?? []).sort((a, b) => a.fullName.localeCompare(b.fullName))) print(meta, 0);
    return 0;
  } finally {
    await app.close();
  }
}
