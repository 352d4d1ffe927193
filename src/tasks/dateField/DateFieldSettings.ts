import type { ElementDefine } from '../../runtime/ElementDefinition';
import { templateSettings, type TemplateSettings } from '../TemplateSettings';

/** The unit of a date-field offset, singular. */
export type OffsetUnit = 'second' | 'minute' | 'hour' | 'day';

/**
 * `startOffset.offsetUnit` as written, in either dialect (SPEC §7.2): singular with `offsetType`,
 * plural in the older one. Both forms are read the same way in both dialects.
 */
export const OFFSET_UNITS: Readonly<Record<string, OffsetUnit>> = {
  second: 'second',
  seconds: 'second',
  minute: 'minute',
  minutes: 'minute',
  hour: 'hour',
  hours: 'hour',
  day: 'day',
  days: 'day',
};

/** What planning one row's due time needs: pure data, read from the template and its model. */
export interface DateFieldPlan {
  /** The Date or Datetime field the tasks follow. */
  startField: string;
  fieldType: 'Date' | 'Datetime';
  /** Signed: negative is before the field's time. Day offsets move the calendar day in the app zone. */
  offset: { amount: number; unit: OffsetUnit };
  /** `time` in minutes after midnight, set after the day offset; null keeps the field's time (00:00 for Date fields). */
  timeOfDay: number | null;
  /** `normal`: once per row; `year`: every year on the field's date. */
  repeat: 'normal' | 'year';
  /** Only rows whose fields equal every value here get a task. */
  filter: Readonly<Record<string, unknown>>;
}

/** Everything the runtime reads from a `tasks.DateFieldType` template (already validated at load). */
export interface DateFieldSettings extends TemplateSettings, DateFieldPlan {
  /** The model whose rows the tasks follow. */
  modelPath: string;
  /** The model's key field: its value, as a string, is a task's `rowId`. */
  keyField: { name: string; dataType: string };
}

/** A template's `timerCfg.startOffset` as written (either dialect). */
interface StartOffset {
  offsetType?: -1 | 0 | 1;
  offset?: number;
  offsetUnit?: string;
  /** JitAi's place for `timerCfg.time`. */
  time?: string;
}

/**
 * Reads a date-field template definition and its model's definition into {@link DateFieldSettings}.
 * An absent `startOffset` is no offset; without `offsetType` (the older dialect) the sign of
 * `offset` gives the direction.
 */
export function dateFieldSettings(define: ElementDefine, modelDefine: ElementDefine): DateFieldSettings {
  const timerCfg = define.timerCfg as {
    startField: string;
    startOffset?: StartOffset;
    time?: string;
    repeat?: { repeatType: 'normal' | 'year' };
  };
  const fields = (modelDefine.fields ?? []) as Array<{ name: string; dataType: string; primaryKey?: boolean }>;
  const start = timerCfg.startOffset ?? {};
  const offset = start.offset ?? 0;
  const time = start.time ?? timerCfg.time;
  const [hours = 0, minutes = 0] = time === undefined ? [] : time.split(':').map(Number);
  const key = fields.find((f) => f.primaryKey === true);
  return {
    ...templateSettings(define),
    modelPath: define.modelPath as string,
    keyField: key ? { name: key.name, dataType: key.dataType } : { name: 'id', dataType: 'Integer' },
    startField: timerCfg.startField,
    fieldType: fields.find((f) => f.name === timerCfg.startField)?.dataType === 'Date' ? 'Date' : 'Datetime',
    offset: {
      amount: start.offsetType === undefined ? offset : start.offsetType * offset,
      unit: OFFSET_UNITS[start.offsetUnit ?? 'minute'] ?? 'minute',
    },
    timeOfDay: time === undefined ? null : hours * 60 + minutes,
    repeat: timerCfg.repeat?.repeatType ?? 'normal',
    filter: (define.filter ?? {}) as Record<string, unknown>,
  };
}
