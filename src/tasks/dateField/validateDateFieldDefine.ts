import type { ElementDefine } from '../../runtime/ElementDefinition';
import { OFFSET_UNITS, type OffsetUnit } from './DateFieldSettings';

/** The longest offset, in seconds: 100 years of 365.25 days. */
const MAX_OFFSET_SECONDS = 100 * 365.25 * 86_400;
const UNIT_SECONDS: Readonly<Record<OffsetUnit, number>> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

/** A problem in a date-field template definition: where (key path) and what. */
export interface DateFieldDefineProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * The checks of a `tasks.DateFieldType` definition beyond its schema (SPEC §7.2), against the
 * other elements' definitions (`lookup` gives a visible element's merged definition):
 *
 * - `modelPath` names a model (its type chain reaches `models.Meta`);
 * - `timerCfg.startField` is a Date or Datetime field of it, and `filter` names its fields only;
 * - `startOffset`: with `offsetType` -1 (before) `offset` is ≥ 0, with 0 (at) it is 0; with 1
 *   (after) or without `offsetType` (the older dialect) `offset` is signed; day offsets are whole days;
 * - `time` (or JitAi's `startOffset.time`, not both) goes with a day offset (or none): it sets the
 *   time of day after moving the day;
 * - an offset is at most 100 years either way, so that the due times it gives stay finite.
 *
 * Shapes are checked by the schema; values of the wrong shape are left to it and skipped here.
 */
export function validateDateFieldDefine(
  define: ElementDefine,
  lookup: (fullName: string) => ElementDefine | undefined,
): DateFieldDefineProblem[] {
  const problems: DateFieldDefineProblem[] = [];
  const add = (path: Array<string | number>, message: string): void => {
    problems.push({ path, message });
  };
  const timerCfg = isRecord(define.timerCfg) ? define.timerCfg : {};
  const model = typeof define.modelPath === 'string' ? lookup(define.modelPath) : undefined;
  if (typeof define.modelPath === 'string') {
    if (!model) add(['modelPath'], `modelPath '${define.modelPath}' names no element`);
    else if (!isModel(model, lookup))
      add(['modelPath'], `modelPath '${define.modelPath}' is not a model (its type is ${model.type ?? 'none'})`);
  }
  const fields =
    model && isModel(model, lookup) && Array.isArray(model.fields)
      ? (model.fields as Array<{ name: string; dataType: string; primaryKey?: boolean }>)
      : null;
  if (fields && typeof timerCfg.startField === 'string') {
    const field = fields.find((f) => f.name === timerCfg.startField);
    if (!field)
      add(
        ['timerCfg', 'startField'],
        `model '${model!.fullName}' has no field '${timerCfg.startField}' (fields: ${fields.map((f) => f.name).join(', ')})`,
      );
    else if (field.dataType !== 'Date' && field.dataType !== 'Datetime')
      add(['timerCfg', 'startField'], `'${field.name}' is a ${field.dataType} field; startField must be a Date or Datetime field`);
  }
  if (fields && isRecord(define.filter)) {
    const known = new Set(['id', ...fields.map((f) => f.name)]);
    for (const key of Object.keys(define.filter)) {
      if (!known.has(key)) add(['filter', key], `model '${model!.fullName}' has no field '${key}'`);
    }
  }
  const start = isRecord(timerCfg.startOffset) ? timerCfg.startOffset : {};
  const offset = typeof start.offset === 'number' ? start.offset : 0;
  const unit = typeof start.offsetUnit === 'string' ? OFFSET_UNITS[start.offsetUnit] : 'minute';
  // JitAi's older page fixes offsetType at 1 and signs the offset ("-1 hours" is an hour early):
  // offsetType 1 times a negative offset reads the same either way, so only -1 and 0 refuse one.
  if (start.offsetType !== undefined && start.offsetType !== 1 && offset < 0) {
    add(
      ['timerCfg', 'startOffset', 'offset'],
      'must be ≥ 0 with offsetType -1 or 0; a signed offset goes with offsetType 1 or none (the older dialect)',
    );
  }
  if (unit !== undefined && Math.abs(offset) * UNIT_SECONDS[unit] > MAX_OFFSET_SECONDS) {
    add(['timerCfg', 'startOffset', 'offset'], 'must be at most 100 years, so that every due time it gives is a real time');
  }
  if (start.offsetType === 0 && offset !== 0)
    add(['timerCfg', 'startOffset', 'offset'], "must be 0 with offsetType 0 (at the field's time)");
  if (unit === 'day' && !Number.isInteger(offset))
    add(['timerCfg', 'startOffset', 'offset'], 'a day offset must be a whole number of days');
  // JitAi writes the time of day as startOffset.time, jittask as timerCfg.time: one of them.
  const timePath = start.time !== undefined ? ['timerCfg', 'startOffset', 'time'] : ['timerCfg', 'time'];
  if (start.time !== undefined && timerCfg.time !== undefined)
    add(timePath, 'give the time of day once: startOffset.time or timerCfg.time');
  else if ((start.time ?? timerCfg.time) !== undefined && unit !== 'day' && offset !== 0) {
    add(timePath, `time sets the time of day after a day offset; it cannot follow an offset in ${String(start.offsetUnit)}`);
  }
  return problems;
}

/** True when `define`'s type chain reaches `models.Meta`. */
function isModel(define: ElementDefine, lookup: (fullName: string) => ElementDefine | undefined): boolean {
  const seen = new Set<string>();
  for (let type = define.type; type; type = lookup(type)?.type) {
    if (type === 'models.Meta') return true;
    if (seen.has(type)) return false;
    seen.add(type);
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
