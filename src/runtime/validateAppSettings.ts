import { IANAZone } from 'luxon';
import { HolidayCalendar } from '../time/HolidayCalendar';
import type { ElementRecord, KeyPath } from './ElementDefinition';
import { settingNumber } from './settingNumber';

/** A problem in an app's `settings`: the key path below `settings`, and what is wrong. */
export interface SettingProblem {
  path: KeyPath;
  message: string;
}

/** What a check may consult besides the value: the app's resolved elements. */
interface CheckContext {
  records: ReadonlyMap<string, ElementRecord>;
}

/** The check of one setting: the problems of `value`, found at `path`. */
type SettingCheck = (value: unknown, path: KeyPath, context: CheckContext) => SettingProblem[];

/**
 * The longest wait, in seconds, of any duration setting: Node's timers wait at most 2^31 - 1 ms
 * (about 24.8 days) and fire at once beyond it. The template keys `timeout` in the tasks family's
 * `defineSchema` keep to the same bound.
 */
const MAX_TIMER_SECONDS = 2_147_483;

/** The largest count (`concurrency`, `batchSize`): far above any useful value, far below one that exhausts memory. */
const MAX_COUNT = 10_000;

/** A count: a positive integer up to {@link MAX_COUNT}. */
function count(): SettingCheck {
  return (value, path) => {
    const n = settingNumber(value);
    if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= MAX_COUNT) return [];
    return [{ path, message: `must be a positive integer, at most ${MAX_COUNT}; got ${JSON.stringify(value)}` }];
  };
}

/** A duration in seconds from `min` up to {@link MAX_TIMER_SECONDS}. */
function seconds(min: number): SettingCheck {
  return (value, path) => {
    const n = settingNumber(value);
    if (n !== undefined && n >= min && n <= MAX_TIMER_SECONDS) return [];
    return [{ path, message: `must be a number of seconds, at least ${min} and at most ${MAX_TIMER_SECONDS}; got ${JSON.stringify(value)}` }];
  };
}

/** A mapping whose keys are those of `table`, each checked by its entry; any other key is a mistake. */
function mapping(table: Record<string, SettingCheck>): SettingCheck {
  return (value, path, context) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path, message: 'must be a mapping' }];
    const problems: SettingProblem[] = [];
    for (const [key, item] of Object.entries(value)) {
      const check = table[key];
      if (check) problems.push(...check(item, [...path, key], context));
      else problems.push({ path: [...path, key], message: `unknown key '${key}' (known: ${Object.keys(table).join(', ')})` });
    }
    return problems;
  };
}

const zoneName: SettingCheck = (value, path) => {
  if (typeof value !== 'string') return [{ path, message: `must be a string naming an IANA zone such as Europe/Berlin; got ${JSON.stringify(value)}` }];
  if (!IANAZone.isValidZone(value)) return [{ path, message: `unknown time zone '${value}' (use an IANA name such as Europe/Berlin)` }];
  return [];
};

const holidayList: SettingCheck = (value, path) => {
  if (!Array.isArray(value)) return [{ path, message: 'must be a list of dates (YYYY-MM-DD, or MM-DD for every year)' }];
  return value.flatMap((entry, index) => {
    const problem = HolidayCalendar.dateProblem(entry);
    return problem === undefined ? [] : [{ path: [...path, index], message: problem }];
  });
};

/** An element the loaded app sees whose type chain passes through `databases.Meta`. */
const databaseElement: SettingCheck = (value, path, { records }) => {
  if (typeof value !== 'string' || value === '') return [{ path, message: `must be the fullName of a database element, such as databases.Default; got ${JSON.stringify(value)}` }];
  const record = records.get(value);
  if (!record || !record.visible) return [{ path, message: `'${value}' names no element` }];
  if (!record.typeChain.includes('databases.Meta')) {
    return [{ path, message: `'${value}' is not a database: its type chain (${record.typeChain.join(' → ') || 'none'}) does not pass through databases.Meta` }];
  }
  return [];
};

/** `settings.scheduler`: counts, and durations in seconds (README documents each). */
const SCHEDULER: Record<string, SettingCheck> = {
  pollInterval: seconds(0.01),
  concurrency: count(),
  batchSize: count(),
  leaseSeconds: seconds(0.001),
  shutdownGraceSeconds: seconds(0),
  overdueToleranceSeconds: seconds(0),
  defaultTimeoutSeconds: seconds(0.001),
};

/** Every key `settings` may have, with its check: a new setting is one more entry here. */
const SETTINGS: Record<string, SettingCheck> = {
  timezone: zoneName,
  defaultDatabase: databaseElement,
  holidays: holidayList,
  scheduler: mapping(SCHEDULER),
};

const checkSettings = mapping(SETTINGS);

/**
 * Every problem of one app's `settings` (placeholders already filled), each with its key path
 * below `settings`, so that the loader can point at its line. Values at `unfilled` paths (a
 * placeholder without a value, reported on its own) are not checked again. `records` are the
 * app's resolved elements, for `defaultDatabase`.
 */
export function validateAppSettings(settings: unknown, records: ReadonlyMap<string, ElementRecord>, unfilled: ReadonlySet<string> = new Set()): SettingProblem[] {
  return checkSettings(settings, [], { records }).filter((p) => !unfilled.has(p.path.join('.')));
}
