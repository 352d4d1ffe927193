import 'reflect-metadata';
import * as path from 'node:path';
import { IANAZone } from 'luxon';
import { JitError, type JitIssue } from '../errors/JitError';
import type { Logger } from '../log/Logger';
import { loggerFromSettings } from '../log/LogSettings';
import type { LogSink } from '../log/LogSink';
import { systemClock, type Clock } from '../time/Clock';
import { App, type AppParts } from './App';
import type { AppManifest } from './AppManifest';
import { buildElementClasses } from './buildElementClasses';
import { checkUnbuiltInstances } from './checkUnbuiltInstances';
import { discoverElements } from './discoverElements';
import { effectiveSettings } from './effectiveSettings';
import type { DefinitionSource, KeyPath } from './ElementDefinition';
import { fillPlaceholders } from './fillPlaceholders';
import { resolveAppChain } from './resolveAppChain';
import { resolveElements } from './resolveElements';
import { validateAppSettings } from './validateAppSettings';

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
  /** The app's logger (`app.logger`); default one as `settings.log` says, writing to `logSink`. */
  logger?: Logger;
  /** Where the default logger writes (default stderr for errors and warnings, stdout for the rest). */
  logSink?: LogSink;
}

/**
 * Loads the app in `dir` (a folder with `app.yaml`, or JitAi's `app.json`): reads and validates its
 * whole chain, builds
 * every element's class, creates the `loadTime: startUp` instances and, with `start`, starts the
 * scheduler. Every problem found is thrown at once as one JitError with `issues`.
 */
export async function loadApp(dir: string, options: LoadAppOptions = {}): Promise<App> {
  const { parts, issues } = assembleApp(dir, options.env ?? process.env);
  if (!parts || issues.length > 0) throw JitError.fromIssues(issues);
  const app = new App({
    ...parts,
    env: options.env ?? process.env,
    dataDir: path.resolve(options.dataDir ?? path.join(parts.chain[0]!.dir, 'appData')),
    clock: options.clock ?? systemClock,
    logger: options.logger ?? loggerFromSettings(parts.settings.log, options.logSink ? { sink: options.logSink } : {}),
  });
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
export function assembleApp(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
): { parts?: Omit<AppParts, 'dataDir' | 'clock' | 'logger'>; issues: JitIssue[] } {
  const { chain, issues } = resolveAppChain(dir, env);
  if (chain.length === 0) return { issues };

  // Placeholder values: the nearest app's envVars win over its parents', the environment over all.
  const vars: Record<string, string | undefined> = {};
  for (const m of [...chain].reverse()) Object.assign(vars, m.envVars);
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;

  let settings: Record<string, unknown> = {};
  const filledSettings: Array<{ manifest: AppManifest; value: unknown; unfilled: Set<string> }> = [];
  for (const m of [...chain].reverse()) {
    const filled = fillPlaceholders(m.settings, vars);
    for (const miss of filled.missing) {
      issues.push(
        settingIssue(
          m,
          miss.path,
          `placeholder {{${miss.name}}} has no value: set the environment variable ${miss.name} or envVars.${miss.name} in app.yaml`,
        ),
      );
    }
    filledSettings.push({ manifest: m, value: filled.value, unfilled: new Set(filled.missing.map((miss) => miss.path.join('.'))) });
    settings = { ...settings, ...effectiveSettings(filled.value as Record<string, unknown>) };
  }
  // An invalid zone is reported with the other settings below; the machine's zone stands in meanwhile.
  const timezone =
    typeof settings.timezone === 'string' && IANAZone.isValidZone(settings.timezone)
      ? settings.timezone
      : Intl.DateTimeFormat().resolvedOptions().timeZone;

  const sources: DefinitionSource[] = [];
  for (const m of chain) {
    const found = discoverElements(m, vars);
    sources.push(...found.sources);
    issues.push(...found.issues);
  }
  const { records, issues: resolveIssues } = resolveElements(sources, chain[0]!.appId);
  issues.push(...resolveIssues);

  // Each app's own settings, checked where they are written; after the elements, which
  // defaultDatabase must name.
  for (const { manifest: m, value, unfilled } of filledSettings) {
    for (const problem of validateAppSettings(value, records, unfilled)) issues.push(settingIssue(m, problem.path, problem.message));
  }

  // Code is checked too for every element whose own definitions are sound, so one run reports
  // module problems beside definition problems.
  const unsound = new Set(issues.map((i) => i.fullName).filter((n): n is string => n !== undefined));
  const sound = new Map([...records].filter(([name, r]) => !unsound.has(name) && !r.typeChain.some((t) => unsound.has(t))));
  const built = buildElementClasses(sound, { timezone, settings });
  issues.push(...built.issues);
  issues.push(...checkUnbuiltInstances(records, unsound, built.classes, issues));
  if (issues.length > 0) return { issues };
  return { parts: { chain, records, classes: built.classes, modules: built.modules, settings, timezone }, issues };
}

/** A CONFIG_INVALID issue at `path` below `settings` in app `m`'s manifest, with its line and column. */
function settingIssue(m: AppManifest, path: KeyPath, message: string): JitIssue {
  const keyPath = ['settings', ...path];
  const pos = m.parsed.locate(keyPath);
  return { code: 'CONFIG_INVALID', file: m.file, line: pos?.line, column: pos?.column, path: keyPath.join('.'), message };
}
