import { DATA_TYPES, type DataType } from '../services/dataTypes';

/**
 * Argument data types that are no column: `RowData`, `RowList`, `JitMap` and `QFilter` (JitAi's
 * "not applicable to model fields"), `Any`, and `AutoInt` (the database assigns each row's `id`).
 */
const NOT_FOR_FIELDS = ['RowData', 'RowList', 'JitMap', 'QFilter', 'Any', 'AutoInt'] as const;

/** One of {@link MODEL_DATA_TYPES}. */
export type ModelDataType = Exclude<DataType, (typeof NOT_FOR_FIELDS)[number]>;

/**
 * The data types a model field may have: every argument data type that makes sense for a column.
 * Text types are text columns, a Checkbox an integer 1/0, lists and objects (JitDict, JitList,
 * choices, files, addresses, related rows) JSON text.
 */
export const MODEL_DATA_TYPES: readonly ModelDataType[] = DATA_TYPES.filter(
  (type): type is ModelDataType => !(NOT_FOR_FIELDS as readonly string[]).includes(type),
);

/**
 * The data types a `primaryKey: true` field may have: keys are looked up by equality, which is
 * exact for text and integers only.
 */
export const PRIMARY_KEY_DATA_TYPES: readonly ModelDataType[] = ['Stext', 'Integer'];

/** One entry of a model's `fields` (SPEC §8). */
export interface ModelField {
  name: string;
  title: string;
  dataType: ModelDataType;
  /** The most characters of an `Stext` field (JitAi's `maxLength`; 255 without it). */
  maxLength?: number;
  /** The row's key in place of the database-assigned integer `id`. */
  primaryKey?: boolean;
}

/** A row as callers see it: the key, then every declared field (null when it has no value). */
export type ModelRow = Record<string, unknown>;
