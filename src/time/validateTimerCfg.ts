import { parseAppTime } from './parseAppTime';
import { REPEAT_TYPES, type RepeatType } from './TimerCfg';

const TIMER_KEYS = ['startTime', 'endTime', 'repeat', 'skipHoliday'];
const REFINEMENT_KEYS = ['weekday', 'subType', 'day', 'month', 'week'];
const REPEAT_KEYS = ['repeatType', 'period', ...REFINEMENT_KEYS];

/** The refinement keys each repeat type reads; any other refinement key is a mistake in the definition. */
const REFINEMENTS: Record<RepeatType, readonly string[]> = {
  normal: [],
  minute: [],
  hour: [],
  day: [],
  week: ['weekday'],
  month: ['subType', 'day'],
  year: ['month', 'week', 'weekday'],
};

/**
 * The problems of a `timerCfg` (SPEC §7.1), one string per problem in the form
 * `timerCfg.<key>: <what is wrong>`, so the loader can report each against its key; empty when
 * `cfg` is a valid {@link TimerCfg}.
 *
 * Checked: unknown keys; `startTime` (required) and `endTime` as app times, `endTime` not before
 * `startTime`; `skipHoliday` a boolean or 1/0; `repeatType` one of {@link REPEAT_TYPES}; `period` a
 * positive integer; refinements only with the repeat type that reads them, in range, and complete
 * (`subType: day` with `day`; `month`, `week`, `weekday` together for `year`). Time syntax does not
 * depend on the zone, so times are read in UTC here.
 */
export function validateTimerCfg(cfg: unknown): string[] {
  if (!isRecord(cfg)) return ['timerCfg: must be an object with at least startTime'];
  const problems = unknownKeys(cfg, TIMER_KEYS, 'timerCfg');
  const start = cfg.startTime === undefined ? null : parseAppTime(cfg.startTime, 'utc');
  if (cfg.startTime === undefined) problems.push('timerCfg.startTime: is required');
  else if (start === null) problems.push(`timerCfg.startTime: ${describe(cfg.startTime)} is not a time (YYYY-MM-DD HH:mm:ss)`);
  // YAML writes an empty `endTime:` as null; it means "no end", as leaving the key out does.
  if (cfg.endTime !== undefined && cfg.endTime !== null) {
    const end = parseAppTime(cfg.endTime, 'utc');
    if (end === null) problems.push(`timerCfg.endTime: ${describe(cfg.endTime)} is not a time (YYYY-MM-DD HH:mm:ss)`);
    else if (start !== null && end.toMillis() < start.toMillis()) problems.push('timerCfg.endTime: is before startTime');
  }
  // JitAi writes 1/0, as it does for `enable`.
  if (cfg.skipHoliday !== undefined && typeof cfg.skipHoliday !== 'boolean' && cfg.skipHoliday !== 0 && cfg.skipHoliday !== 1) {
    problems.push(`timerCfg.skipHoliday: must be true or false, got ${describe(cfg.skipHoliday)}`);
  }
  if (cfg.repeat !== undefined) problems.push(...repeatProblems(cfg.repeat));
  return problems;
}

function repeatProblems(repeat: unknown): string[] {
  if (!isRecord(repeat)) return ['timerCfg.repeat: must be an object with repeatType'];
  const problems = unknownKeys(repeat, REPEAT_KEYS, 'timerCfg.repeat');
  const type = REPEAT_TYPES.find((t) => t === repeat.repeatType);
  if (type === undefined) {
    problems.push(`timerCfg.repeat.repeatType: must be one of ${REPEAT_TYPES.join(', ')}, got ${describe(repeat.repeatType)}`);
    return problems;
  }
  if (repeat.period !== undefined && !isIntegerIn(repeat.period, 1, Number.MAX_SAFE_INTEGER)) {
    problems.push(`timerCfg.repeat.period: must be a positive integer, got ${describe(repeat.period)}`);
  }
  for (const key of REFINEMENT_KEYS) {
    if (repeat[key] !== undefined && !REFINEMENTS[type].includes(key)) {
      problems.push(`timerCfg.repeat.${key}: is not used by repeatType ${type}`);
    }
  }
  if (type === 'week' && repeat.weekday !== undefined && !isListOf(repeat.weekday, isWeekday)) {
    problems.push(`timerCfg.repeat.weekday: must be a non-empty list of 1 (Monday) … 7 (Sunday), got ${describe(repeat.weekday)}`);
  }
  if (type === 'month') problems.push(...monthDayProblems(repeat));
  if (type === 'year') problems.push(...yearProblems(repeat));
  return problems;
}

function monthDayProblems(repeat: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (repeat.subType !== undefined && repeat.subType !== 'day') {
    problems.push(`timerCfg.repeat.subType: must be day, got ${describe(repeat.subType)}`);
  } else if (repeat.subType === 'day' && repeat.day === undefined) {
    problems.push('timerCfg.repeat.day: is required with subType day');
  } else if (repeat.subType === undefined && repeat.day !== undefined) {
    problems.push('timerCfg.repeat.subType: must be day when day is given');
  }
  if (repeat.day !== undefined && !isListOf(repeat.day, (d) => isIntegerIn(d, 1, 31) || d === -1)) {
    problems.push(`timerCfg.repeat.day: must be a non-empty list of 1 … 31 or -1 (last day), got ${describe(repeat.day)}`);
  }
  return problems;
}

function yearProblems(repeat: Record<string, unknown>): string[] {
  const keys = ['month', 'week', 'weekday'];
  const given = keys.filter((key) => repeat[key] !== undefined);
  if (given.length === 0) return [];
  const problems: string[] = [];
  if (given.length < keys.length) {
    const missing = keys.filter((key) => !given.includes(key));
    problems.push(`timerCfg.repeat: month, week and weekday go together for repeatType year (missing ${missing.join(', ')})`);
  }
  if (repeat.month !== undefined && !isIntegerIn(repeat.month, 1, 12)) {
    problems.push(`timerCfg.repeat.month: must be 1 … 12, got ${describe(repeat.month)}`);
  }
  if (repeat.week !== undefined && !isIntegerIn(repeat.week, 1, 5) && repeat.week !== -1) {
    problems.push(`timerCfg.repeat.week: must be 1 … 5 or -1 (last), got ${describe(repeat.week)}`);
  }
  if (repeat.weekday !== undefined && !(Array.isArray(repeat.weekday) && repeat.weekday.length === 1 && isWeekday(repeat.weekday[0]))) {
    problems.push(
      `timerCfg.repeat.weekday: must list exactly one of 1 (Monday) … 7 (Sunday) for repeatType year, got ${describe(repeat.weekday)}`,
    );
  }
  return problems;
}

function unknownKeys(obj: Record<string, unknown>, known: readonly string[], path: string): string[] {
  return Object.keys(obj)
    .filter((key) => !known.includes(key))
    .map((key) => `${path}.${key}: unknown key (expected one of ${known.join(', ')})`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isWeekday(value: unknown): boolean {
  return isIntegerIn(value, 1, 7);
}

function isListOf(value: unknown, check: (item: unknown) => boolean): boolean {
  return Array.isArray(value) && value.length > 0 && value.every(check);
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
