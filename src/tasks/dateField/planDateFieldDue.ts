import type { Zone } from 'luxon';
import { JitError } from '../../errors/JitError';
import { localMsToInstant, resolveZone } from '../../time/localToInstant';
import { parseAppDate } from '../../time/parseAppDate';
import { parseAppTimeMs } from '../../time/parseAppTime';
import { zoneOffset } from '../../time/zoneOffset';
import type { DateFieldPlan, OffsetUnit } from './DateFieldSettings';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const UNIT_MS: Record<OffsetUnit, number> = { second: 1000, minute: MS_PER_MINUTE, hour: 3_600_000, day: MS_PER_DAY };
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A row's start field read in the app zone: its wall reading as if it were UTC, and its instant when it names one. */
interface Start {
  wall: number;
  instant: number | null;
}

/**
 * When the task of template `plan` for `row` is due (epoch ms), or null when the row gets none
 * (SPEC §7.2). Pure: the same arguments always give the same answer.
 *
 * - A row that does not match every field of `filter`, or whose start field is empty, gets none.
 * - A Date field (`YYYY-MM-DD`) starts at 00:00 of that day in `zone`; a Datetime field at its
 *   instant. Day offsets move the calendar day (keeping the wall time across DST changes), then
 *   `timeOfDay` sets the time of day; second, minute and hour offsets are elapsed time.
 * - A due time before `now` has gone: none, except with `repeat: year`, which gives the first
 *   anniversary at or after `now` (a Feb 29 date falls on Feb 28 in other years).
 *
 * @throws JitError `API_PARAMS_ERROR` naming the field when its value is not a date (Date field)
 *   or a time (Datetime field) as the data types accept them.
 */
export function planDateFieldDue(plan: DateFieldPlan, row: Readonly<Record<string, unknown>>, zone: string, now: number): number | null {
  if (!matchesFilter(plan.filter, row)) return null;
  const tz = resolveZone(zone);
  const start = readStart(plan, row[plan.startField], zone, tz);
  if (start === null) return null;
  if (plan.repeat === 'normal') {
    const due = dueFrom(plan, start.wall, start.instant, tz);
    return due >= now ? due : null;
  }
  // Due times grow with the year; start early enough that an offset reaching across years is seen.
  const reach = Math.ceil((Math.abs(plan.offset.amount) * UNIT_MS[plan.offset.unit]) / (365 * MS_PER_DAY));
  const nowYear = new Date(now + zoneOffset(tz, now) * MS_PER_MINUTE).getUTCFullYear();
  const from = Math.max(new Date(start.wall).getUTCFullYear(), nowYear - 1 - reach);
  for (let year = from; year <= Math.max(from, nowYear) + 1 + reach; year++) {
    const due = dueFrom(plan, anniversary(start.wall, year), null, tz);
    if (due >= now) return due;
  }
  return null;
}

/** True when `row` has every value of `filter` (JSON-equal for objects and lists; absent equals null). */
function matchesFilter(filter: Readonly<Record<string, unknown>>, row: Readonly<Record<string, unknown>>): boolean {
  for (const key in filter) {
    const wanted = filter[key] ?? null;
    const value = row[key] ?? null;
    if (wanted === value) continue;
    if (typeof wanted !== 'object' || typeof value !== 'object' || wanted === null || value === null) return false;
    if (JSON.stringify(wanted) !== JSON.stringify(value)) return false;
  }
  return true;
}

function readStart(plan: DateFieldPlan, value: unknown, zone: string, tz: Zone): Start | null {
  if (value === null || value === undefined || value === '') return null;
  const refuse = (what: string): never => {
    throw new JitError(
      'API_PARAMS_ERROR',
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- String only runs where JSON has no text (a function, a symbol), never for an object
      `field '${plan.startField}' (${plan.fieldType}): ${JSON.stringify(value) ?? String(value)} is not ${what}`,
      { details: { field: plan.startField } },
    );
  };
  if (plan.fieldType === 'Datetime') {
    const instant = parseAppTimeMs(value, zone);
    if (instant === null) return refuse('a time (YYYY-MM-DD HH:mm:ss, ISO 8601, a Date or a DateTime)');
    return { wall: instant + zoneOffset(tz, instant) * MS_PER_MINUTE, instant };
  }
  // The common case, a stored row's `YYYY-MM-DD`, is read without luxon: backfills read many.
  const m = DATE.exec(typeof value === 'string' ? value.trim() : (parseAppDate(value, zone) ?? ''));
  const wall = m ? dateWall(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  return wall === null ? refuse('a date (YYYY-MM-DD, a Date or a DateTime)') : { wall, instant: null };
}

/** Midnight of the day as if it were UTC, or null for a day that does not exist (Feb 30). */
function dateWall(year: number, month: number, day: number): number | null {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month && d.getUTCDate() === day ? d.getTime() : null;
}

/** The wall reading `wall` moved to `year`, on the month's last day when its day is missing there (Feb 29). */
function anniversary(wall: number, year: number): number {
  const d = new Date(wall);
  const month = d.getUTCMonth();
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month + 1, 0);
  d.setUTCFullYear(year, month, Math.min(d.getUTCDate(), lastDay.getUTCDate()));
  return d.getTime();
}

/** The due instant for a start read as `wall` (and `instant`, when the reading is of a known instant). */
function dueFrom(plan: DateFieldPlan, wall: number, instant: number | null, tz: Zone): number {
  const { amount, unit } = plan.offset;
  let local = wall;
  if (unit === 'day') local += amount * MS_PER_DAY;
  if (plan.timeOfDay !== null) local = Math.floor(local / MS_PER_DAY) * MS_PER_DAY + plan.timeOfDay * MS_PER_MINUTE;
  // An unmoved reading keeps the field's own instant: a time in an hour that occurs twice stays in its occurrence.
  const base = local === wall && instant !== null ? instant : localMsToInstant(local, tz);
  return unit === 'day' ? base : base + amount * UNIT_MS[unit];
}
