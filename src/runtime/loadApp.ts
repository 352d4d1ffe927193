import 'reflect-metadata';
import * as path from 'node:path';
import { IANAZone } from 'luxon';
import { JitError, type JitIssue } from '../errors/JitError';
import { systemClock, type Clock } from '../tasks/Clock';
import { App, type AppParts } from './App';
import { buildElementClasses } from './buildElementClasses';
import { discoverElements } from './discoverElements';
import type { DefinitionSource } from './ElementDefinition';
import { fillPlaceholders } from './fillPlaceholders';
import { resolveAppChain } from './resolveAppChain';
import { resolveElements } from './resolveElements';

/** Options of {@link loadApp}. */
export interface LoadAppOptions {
  /** Start the scheduler and other app services once loaded (default false; `app.start()` later). */
  start?: boolean;
  /** Variables for `{{NAME}}` placeholders, in place of `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Folder for runtime data such as SQLite files (default `<appDir>/appData`). */
  dataDir?: string;
  /** Time source (default the system clock); tests pass a `ManualClock`. */
  clock?: Clock;
}

/**
 * Loads the app in `dir` (a folder with `app.yaml`): reads and validates its whole chain, builds
 * every element's class, creates the `loadTime: startUp` instances and, with `start`, starts the
 * scheduler. Every problem found is thrown at once as one JitError with `issues`.
 */
export async function loadApp(dir: string, options: LoadAppOptions = {}): Promise<App> {
  const { parts, issues } = assembleApp(dir, options.env ?? process.env);
  if (!parts || issues.length > 0) throw JitError.fromIssues(issues);
  const app = new App({ ...parts, dataDir: path.resolve(options.dataDir ?? path.join(parts.chain[0]!.dir, 'appData')), clock: options.clock ?? systemClock });
  try {
    await app.loadStartUpElements();
    if (options.start) await app.start();
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}

/** Everything `loadApp` checks, without creating instances: for `jittask check`. */
export function checkApp(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): JitIssue[] {
  return assembleApp(dir, env).issues;
}

/** Reads, merges, validates and builds; returns the parts of an App and every issue found. */
export function assembleApp(dir: string, env: Readonly<Record<string, string | undefined>>): { parts?: Omit<AppParts, 'dataDir' | 'clock'>; issues: JitIssue[] } {
  const { chain, issues } = resolveAppChain(dir);
  if (chain.length === 0) return { issues };

  // Placeholder values: the nearest app's envVars win over its parents', the environment over all.
  const vars: Record<string, string | undefined> = {};
  for (const m of [...chain].reverse()) Object.assign(vars, m.envVars);
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;

  let settings: Record<string, unknown> = {};
  for (const m of [...chain].reverse()) {
    const filled = fillPlaceholders(m.settings, vars);
    for (const miss of filled.missing) {
      const keyPath = ['settings', ...miss.path];
      const pos = m.parsed.locate(keyPath);
      issues.push({ code: 'CONFIG_INVALID', file: m.file, line: pos?.line, column: pos?.column, path: keyPath.join('.'), message: `placeholder {{${miss.name}}} has no value: set the environment variable ${miss.name} or envVars.${miss.name} in app.yaml` });
    }
    settings = { ...settings, ...(filled.value as Record<string, unknown>) };
  }
  const timezone = typeof settings.timezone === 'string' ? settings.timezone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!IANAZone.isValidZone(timezone)) {
    const m = chain.find((a) => a.settings.timezone !== undefined) ?? chain[0]!;
    const pos = m.parsed.locate(['settings', 'timezone']);
    issues.push({ code: 'CONFIG_INVALID', file: m.file, line: pos?.line, column: pos?.column, path: 'settings.timezone', message: `unknown time zone '${timezone}' (use an IANA name such as Europe/Berlin)` });
  }

  const sources: DefinitionSource[] = [];
  for (const m of chain) {
    const found = discoverElements(m, vars);
    sources.push(...found.sources);
    issues.push(...found.issues);
  }
  const { records, issues: resolveIssues } = resolveElements(sources, chain[0]!.appId);
  issues.push(...resolveIssues);

  // Code is checked too for every element whose own definitions are sound, so one run reports
  // module problems beside definition problems.
  const unsound = new Set(issues.map((i) => i.fullName).filter((n): n is string => n !== undefined));
  const sound = new Map([...records].filter(([name, r]) => !unsound.has(name) && !r.typeChain.some((t) => unsound.has(t))));
  const built = buildElementClasses(sound);
  issues.push(...built.issues);
  if (issues.length > 0) return { issues };
  return { parts: { chain, records, classes: built.classes, modules: built.modules, settings, timezone }, issues };
}
