/**
 * The data types a model field may have (SPEC §6): those that make sense for a column, JitAi's
 * included. `RowData` and `Any` are argument types only; `AutoInt` too, since the database
 * assigns each row's integer `id`. JitAi's field types from its data-types page follow (its
 * JitDict, JitList, JitMap, RowData, RowList and QFilter are "not applicable to model fields"):
 * text types are text columns, a Checkbox an integer 1/0, lists and objects (choices, files,
 * addresses, related rows) JSON text, like JitDict and JitList.
 */
export const MODEL_DATA_TYPES = [
  'Stext',
  'Ltext',
  'Numeric',
  'Integer',
  'Boolean',
  'Date',
  'Datetime',
  'JitDict',
  'JitList',
  'Money',
  'Percent',
  'Phone',
  'Email',
  'Url',
  'Time',
  'RichText',
  'Serial',
  'Radio',
  'MultiRadio',
  'Dropdown',
  'MultiDropdown',
  'Checkbox',
  'File',
  'Image',
  'Signature',
  'Dept',
  'MultiDept',
  'Member',
  'MultiMember',
  'Address',
  'Identify',
  'LicensePlate',
  'Position',
  'Link',
  'SubTable',
  'RelateData',
  'MultiRelateData',
] as const;

/** One of {@link MODEL_DATA_TYPES}. */
export type ModelDataType = (typeof MODEL_DATA_TYPES)[number];

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
