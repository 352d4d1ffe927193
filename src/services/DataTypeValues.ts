import type { DateTime } from 'luxon';
import type { DataType } from './dataTypes';
import type { AddressValue, DataTypeObjects, LinkValue, PositionValue, UploadedFile } from './dataTypeObjects';

type Row = Record<string, unknown>;

/**
 * What a function receives for an argument of each data type when its declaration leaves
 * `argsToDatatype` off: the converted plain value (see `convertValue`). For a service's own code.
 */
export interface DataTypeValues {
  Stext: string;
  Ltext: string;
  Numeric: number;
  Integer: number;
  Boolean: boolean;
  Date: string;
  Datetime: DateTime;
  JitDict: Row;
  JitList: unknown[];
  RowData: Row;
  Any: unknown;
  Money: number;
  Percent: number;
  AutoInt: number;
  Phone: string;
  Email: string;
  Url: string;
  Time: string;
  RichText: string;
  Serial: string;
  Radio: string;
  MultiRadio: string[];
  Dropdown: string;
  MultiDropdown: string[];
  Checkbox: 0 | 1;
  File: UploadedFile[];
  Image: UploadedFile[];
  Signature: string;
  Dept: string;
  MultiDept: string[];
  Member: string;
  MultiMember: string[];
  Address: AddressValue;
  Identify: string;
  LicensePlate: string;
  Position: PositionValue;
  Link: LinkValue;
  SubTable: Row[];
  JitMap: Row;
  RowList: Row[];
  RelateData: Row;
  MultiRelateData: Row[];
  QFilter: string | object;
}

/**
 * What a caller gives for a value of each data type, as the type checker states it (the
 * declarations `jittask types` writes use it): the plain value in its natural form, or a data
 * type object of that type. The runtime takes a little more (numbers as decimal text, dates as JS
 * Dates…), which a typed caller converts itself.
 */
export type DataTypeInput<K extends DataType> = DataTypeInputs[K] | DataTypeObjects[K];

/** The plain half of {@link DataTypeInput}. */
export interface DataTypeInputs extends Omit<DataTypeValues, 'Datetime' | 'Date' | 'Checkbox'> {
  Date: string | Date;
  Datetime: string | Date | DateTime;
  Checkbox: boolean | 0 | 1;
}
