import { injectFromBase } from 'inversify';
import { isJitError, type JitIssue } from '../errors/JitError';
import { ElementBase, type ElementClass } from './ElementBase';
import type { ElementRecord } from './ElementDefinition';
import { loadElementModule, type ElementModule } from './loadElementModule';
import { namedExport } from './namedExport';

/** Names never callable as declared functions, whatever a functionList says. */
const FORBIDDEN_FUNCTION_NAMES = new Set(['constructor', '__proto__', 'prototype', 'initElement', 'onLoad', 'onUnload', 'callFunction']);

/** The class of every element and the modules it was built from. */
export interface BuiltClasses {
  classes: Map<string, ElementClass>;
  /** Each element's loaded modules, child first (for named exports such as `customFunc`). */
  modules: Map<string, ElementModule[]>;
}

/** What a family's checks may read of the app beside the definition: its zone and settings (a template's holidays). */
export interface DefineContext {
  timezone: string;
  settings: Readonly<Record<string, unknown>>;
}

/**
 * A check a family's class may offer for its Instances' merged definitions (beyond the schema).
 * `lookup` gives the merged definition of another visible element (a template's model), or
 * undefined; `exports` tells whether the element's own modules export a function of that name.
 */
export interface DefineValidation {
  validateDefine?(
    define: ElementRecord['define'],
    lookup: (fullName: string) => ElementRecord['define'] | undefined,
    exports: (name: string) => boolean,
    context: DefineContext,
  ): Array<{ path: Array<string | number>; message: string }>;
  /**
   * The part of those checks that reads keys standing alone (a template's `timerCfg`), right
   * whatever the definition's other keys hold: run also for an Instance left unbuilt for problems
   * in its definition (see `checkUnbuiltInstances`), so that one report lists all of its problems.
   */
  validateAlone?(define: ElementRecord['define']): Array<{ path: Array<string | number>; message: string }>;
}

/**
 * Builds every element's class bottom-up (SPEC §4): the lowest definition with a module gets the
 * class of the element its merged `type` names (ElementBase for a Meta), each overriding module
 * gets the class built so far. Then checks each `functionList` against the class and runs the
 * family's `validateDefine` (where the services family checks its functions' data types). Problems are collected, not thrown.
 */
export function buildElementClasses(records: Map<string, ElementRecord>, context: DefineContext): BuiltClasses & { issues: JitIssue[] } {
  const classes = new Map<string, ElementClass>();
  const modules = new Map<string, ElementModule[]>();
  const issues: JitIssue[] = [];
  const failed = new Set<string>();
  const prepared = new WeakSet<ElementClass>();

  const classOf = (fullName: string): ElementClass | null => {
    const done = classes.get(fullName);
    if (done) return done;
    if (failed.has(fullName)) return null;
    const record = records.get(fullName);
    if (!record) return null;
    let cls: ElementClass | null = record.define.type ? classOf(record.define.type) : ElementBase;
    if (!cls) {
      failed.add(fullName);
      return null;
    }
    const loaded: ElementModule[] = [];
    let loadingFile: string | undefined;
    try {
      for (let i = record.sources.length - 1; i >= 0; i--) {
        const source = record.sources[i]!;
        if (!source.modulePath) continue;
        loadingFile = source.modulePath;
        const mod = loadElementModule(source.modulePath, fullName);
        loaded.unshift(mod);
        if (mod.contribute) cls = mod.contribute(cls);
      }
    } catch (err) {
      issues.push(...moduleIssues(err, fullName, loadingFile));
      failed.add(fullName);
      return null;
    }
    // A Type without a module still gets a class of its own, so `instanceof` follows the type chain.
    if (record.kind === 'Type' && !loaded.some((m) => m.contribute)) {
      cls = class extends cls {};
      Object.defineProperty(cls, 'name', { value: fullName });
    }
    // InversifyJS 7 does not inherit injections: give every built class those of its bases.
    if (!prepared.has(cls) && cls !== ElementBase) {
      try {
        injectFromBase({ extendConstructorArguments: true, extendProperties: true })(cls);
      } catch (err) {
        // InversifyJS's own errors carry no code: a class it cannot wire is the module's problem.
        issues.push(...moduleIssues(err, fullName, loaded[0]?.file));
        failed.add(fullName);
        return null;
      }
      prepared.add(cls);
    }
    classes.set(fullName, cls);
    modules.set(fullName, loaded);
    return cls;
  };

  // A parent's private element is invisible to the app, but not to the parent's own elements.
  const lookupFrom =
    (from: ElementRecord) =>
    (fullName: string): ElementRecord['define'] | undefined => {
      const record = records.get(fullName);
      if (!record) return undefined;
      return record.visible || from.sources.some((s) => s.appId === record.sources[0]?.appId) ? record.define : undefined;
    };
  for (const record of records.values()) {
    if (record.typeChain.length === 0 && record.kind !== 'Meta') continue; // its chain is already reported
    const cls = classOf(record.fullName);
    if (!cls) continue;
    checkFunctionList(record, cls, issues);
    if (record.kind === 'Instance') {
      const exports = (name: string): boolean => namedExport(modules.get(record.fullName) ?? [], name) !== undefined;
      const validation = cls as unknown as DefineValidation;
      for (const problem of validation.validateDefine?.(record.define, lookupFrom(record), exports, context) ?? []) {
        const source = record.sources[0]!;
        const where = source.locate(problem.path);
        issues.push({
          code: 'CONFIG_INVALID',
          fullName: record.fullName,
          file: where.file,
          line: where.position?.line,
          column: where.position?.column,
          path: problem.path.join('.'),
          message: problem.message,
        });
      }
    }
  }
  return { classes, modules, issues };
}

/** The issues of a module that failed to load or build: a JitError's own, anything else as MODULE_INVALID. */
function moduleIssues(err: unknown, fullName: string, file: string | undefined): JitIssue[] {
  if (isJitError(err)) return err.issues.map((i) => ({ ...i, fullName, file: i.file ?? err.file ?? file }));
  return [{ code: 'MODULE_INVALID', fullName, file, message: `cannot build the class of '${fullName}': ${(err as Error).message}` }];
}

function checkFunctionList(record: ElementRecord, cls: ElementClass, issues: JitIssue[]): void {
  const list = record.define.functionList;
  if (!Array.isArray(list)) return;
  const source = record.sources.find((s) => Array.isArray(s.data.functionList)) ?? record.sources[0]!;
  list.forEach((fn: { name?: unknown }, i) => {
    const name = String(fn.name);
    const ok = !FORBIDDEN_FUNCTION_NAMES.has(name) && typeof (cls.prototype as unknown as Record<string, unknown>)[name] === 'function';
    if (ok) return;
    const where = source.locate(['functionList', i, 'name']);
    issues.push({
      code: 'FUNCTION_NOT_FOUND',
      fullName: record.fullName,
      file: where.file,
      line: where.position?.line,
      column: where.position?.column,
      path: `functionList.${i}.name`,
      message: FORBIDDEN_FUNCTION_NAMES.has(name)
        ? `'${name}' cannot be declared as a function`
        : `declared function '${name}' is not a method of the class of '${record.fullName}'`,
    });
  });
}
