import type { JitIssue } from '../errors/JitError';
import type { DefineValidation } from './buildElementClasses';
import type { ElementClass } from './ElementBase';
import type { ElementRecord } from './ElementDefinition';

/**
 * The family checks that stand alone (`validateAlone`) of every Instance left unbuilt for problems
 * in its own definition (`unsound`): a template with a bad `timeout` still has its `timerCfg`
 * checked, so that one report lists every problem of it, not the first half. They run through the
 * class of the Instance's `type` (its own module is not loaded); a problem at a key path that an
 * issue already reported for the element covers (that path, above or below it) is left out, so
 * the schema and the family never report one mistake twice.
 */
export function checkUnbuiltInstances(
  records: ReadonlyMap<string, ElementRecord>,
  unsound: ReadonlySet<string>,
  classes: ReadonlyMap<string, ElementClass>,
  reported: readonly JitIssue[],
): JitIssue[] {
  const issues: JitIssue[] = [];
  for (const name of unsound) {
    const record = records.get(name);
    if (record?.kind !== 'Instance' || typeof record.define.type !== 'string') continue;
    const cls: (ElementClass & DefineValidation) | undefined = classes.get(record.define.type);
    if (!cls?.validateAlone) continue;
    const covered = reported.filter((i) => i.fullName === name && i.path !== undefined).map((i) => i.path!);
    for (const problem of cls.validateAlone(record.define)) {
      const path = problem.path.join('.');
      if (covered.some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`))) continue;
      const where = record.sources[0]!.locate(problem.path);
      issues.push({
        code: 'CONFIG_INVALID',
        fullName: name,
        file: where.file,
        line: where.position?.line,
        column: where.position?.column,
        path,
        message: problem.message,
      });
    }
  }
  return issues;
}
