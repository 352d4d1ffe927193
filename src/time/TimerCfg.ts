/** The unit a task template repeats in (SPEC §7.1); `normal` runs once, at `startTime`. */
export type RepeatType = 'normal' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** Every {@link RepeatType}, in the order the spec lists them; validation reports them as the allowed values. */
export const REPEAT_TYPES: readonly RepeatType[] = ['normal', 'minute', 'hour', 'day', 'week', 'month', 'year'];

/**
 * `timerCfg.repeat` of a task template (SPEC §7.1).
 *
 * Refinements, each valid only with the repeat types named:
 * - `weekday` (`week`): the days of every `period`-th week, Monday = 1 … Sunday = 7.
 * - `subType: 'day'`, `day` (`month`): those days of every `period`-th month, `-1` = last day.
 * - `month`, `week`, `weekday` (`year`, all three together): the `week`-th (1..5, `-1` = last)
 *   `weekday` (one value) of `month` in every `period`-th year.
 */
export interface RepeatCfg {
  repeatType: RepeatType;
  /** Every N units; a positive integer, default 1. Ignored by `normal`. */
  period?: number;
  weekday?: number[];
  subType?: 'day';
  day?: number[];
  month?: number;
  week?: number;
}

/**
 * `timerCfg` of a `tasks.NormalType` template as written in its definition (SPEC §7.1). Times are
 * strings as accepted by `parseAppTime`: naive `YYYY-MM-DD HH:mm:ss` in the app zone, or ISO 8601
 * with an offset.
 */
export interface TimerCfg {
  /** The first run; also the anchor every later occurrence is counted from. */
  startTime: string;
  /** No occurrence after this instant; an occurrence exactly at it still runs. Absent or null: no end. */
  endTime?: string | null;
  /** Absent means `{ repeatType: 'normal' }`. */
  repeat?: RepeatCfg;
  /** Move an occurrence that falls on a holiday to the rule's next non-holiday occurrence (JitAi writes 1/0). */
  skipHoliday?: boolean | 0 | 1;
}
