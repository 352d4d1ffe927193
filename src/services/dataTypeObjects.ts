import { DateTime } from 'luxon';
import { JitError } from '../errors/JitError';
import { DATA_TYPES, isDataType, type DataType } from './dataTypes';
import { DataTypeObject, type DataTypeInit, type DataTypeObjectOptions } from './DataTypeObject';

// The objects of JitAi's data types, one class per family of the data-types page, with the
// properties and functions the page lists that need nothing but the value: text search, number
// arithmetic and comparison, date parts and date arithmetic, list and dict helpers, address parts.
// Functions that need JitAi's platform (QR codes, serial numbers, the organisation's departments
// and members, saving rows through a relation) are not there.

type Row = Record<string, unknown>;

/** Stext and the page's types that inherit it: text with search helpers. */
export class TextObject extends DataTypeObject<string | null> {
  /** Its length in characters. */
  get length(): number {
    return [...(this.value ?? '')].length;
  }

  /** Appends text. */
  append(text: string): this {
    this.value = `${this.value ?? ''}${text}`;
    return this;
  }

  /** Removes every occurrence of `text`. */
  remove(text: string): this {
    if (this.value !== null) this.value = this.value.split(text).join('');
    return this;
  }

  /** Contains `text`. */
  cnin(text: string): boolean {
    return (this.value ?? '').includes(text);
  }

  /** Does not contain `text`. */
  ncnin(text: string): boolean {
    return !this.cnin(text);
  }

  /** Contains any of `texts`. */
  cninList(texts: readonly string[]): boolean {
    return texts.some((t) => this.cnin(t));
  }

  /** Contains none of `texts`. */
  ncninList(texts: readonly string[]): boolean {
    return !this.cninList(texts);
  }

  /** Starts with `text`. */
  sw(text: string): boolean {
    return (this.value ?? '').startsWith(text);
  }

  /** Ends with `text`. */
  ew(text: string): boolean {
    return (this.value ?? '').endsWith(text);
  }
}

/** Ltext: text whose display is cut at 200 characters and whose parts are separated by tabs. */
export class LtextObject extends TextObject {
  override getDisplayValue(): string {
    return [...(this.value ?? '')].slice(0, 200).join('');
  }

  /** The tab-separated parts. */
  getList(): string[] {
    return this.value === null ? [] : this.value.split('\t');
  }

  /** The first tab-separated part. */
  getFirstValue(): string | undefined {
    return this.getList()[0];
  }

  /** The last tab-separated part. */
  getLastValue(): string | undefined {
    return this.getList().at(-1);
  }
}

/** RichText: HTML text. */
export class RichTextObject extends TextObject {
  /** The text without its HTML tags. */
  get textValue(): string {
    return (this.value ?? '').replace(/<[^>]*>/g, '');
  }

  override getDisplayValue(): string {
    return this.textValue;
  }
}

/** One option of a Radio or Dropdown field (the page's `options`). */
export interface ChoiceOption {
  label?: string;
  value?: unknown;
  style?: Record<string, unknown>;
}

/** Radio and Dropdown: one chosen option's value. */
export class ChoiceObject extends TextObject {
  /** The options (`options` init parameter). */
  get options(): ChoiceOption[] {
    return Array.isArray(this.params.options) ? (this.params.options as ChoiceOption[]) : [];
  }

  /** Whether options show in colour (default true). */
  get color(): boolean {
    return this.params.color !== false;
  }

  /** The chosen option's label, else the value. */
  override getDisplayValue(): string {
    return this.options.find((o) => o.value === this.value)?.label ?? this.value ?? '';
  }
}

/** Identify: a Chinese resident ID number, whose digits give a birthday and a gender. */
export class IdentifyObject extends TextObject {
  /** The birthday `YYYY-MM-DD` (digits 7 to 14), or null. */
  get birthday(): string | null {
    const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/.exec(this.value ?? '');
    if (!m) return null;
    const date = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
    return date.isValid ? date.toISODate() : null;
  }

  /** The age in whole years today, or null. */
  get age(): number | null {
    const birthday = this.birthday;
    return birthday === null ? null : Math.floor(DateTime.now().diff(DateTime.fromISO(birthday), 'years').years);
  }

  /** "男" or "女" (the 17th digit odd or even), as the page says; null without a valid number. */
  get gender(): '男' | '女' | null {
    if (this.birthday === null) return null;
    return Number(this.value![16]) % 2 === 1 ? '男' : '女';
  }
}

/** LicensePlate: at most 12 characters, the first naming the province. */
export class LicensePlateObject extends TextObject {
  /** The most characters (12). */
  get maxLen(): number {
    return 12;
  }

  /** The province abbreviation (the first character). */
  provinceCode(): string {
    return [...(this.value ?? '')][0] ?? '';
  }
}

/** Numeric and the number types (Integer, Money, Percent, AutoInt): arithmetic and comparison. */
export class NumberObject extends DataTypeObject<number | null> {
  /** The unit (`unit` init parameter; `%` for Percent), or null. */
  get unit(): string | null {
    return typeof this.params.unit === 'string' ? this.params.unit : this.dataType === 'Percent' ? '%' : null;
  }

  /** The decimal places (`decimal` init parameter), 0 when none is set or there is no value. */
  get decimal(): number {
    return this.value === null ? 0 : this.realDecimal;
  }

  /** The decimal places set (`decimal`, default 0). */
  get realDecimal(): number {
    return typeof this.params.decimal === 'number' ? this.params.decimal : 0;
  }

  /** Adds `n`. */
  add(n: number): this {
    this.value = (this.value ?? 0) + Number(n);
    return this;
  }

  /** Subtracts `n`. */
  reduce(n: number): this {
    this.value = (this.value ?? 0) - Number(n);
    return this;
  }

  /** Within `[min, max]`, both included. */
  range([min, max]: readonly [number, number]): boolean {
    return this.value !== null && this.value >= min && this.value <= max;
  }

  /** Greater than `n`. */
  gt(n: number): boolean {
    return this.value !== null && this.value > n;
  }

  /** Less than `n`. */
  lt(n: number): boolean {
    return this.value !== null && this.value < n;
  }

  /** Greater than or equal to `n`. */
  gte(n: number): boolean {
    return this.value !== null && this.value >= n;
  }

  /** Less than or equal to `n`. */
  lte(n: number): boolean {
    return this.value !== null && this.value <= n;
  }

  /** `data` rounded to the decimal places set. */
  formatData(data: number): number {
    const factor = 10 ** this.realDecimal;
    return Math.round(Number(data) * factor) / factor;
  }

  /** The value with its decimal places and unit. */
  override getDisplayValue(): string {
    if (this.value === null) return '';
    const digits = this.realDecimal > 0 ? this.value.toFixed(this.realDecimal) : String(this.value);
    return `${digits}${this.unit ?? ''}`;
  }

  /** The value with its percent sign (Percent's `textValue`). */
  get textValue(): string {
    return this.getDisplayValue();
  }
}

/** Boolean. */
export class BooleanObject extends DataTypeObject<boolean | null> {}

/** Checkbox: 1 (checked) or 0. */
export class CheckboxObject extends DataTypeObject<0 | 1 | null> {
  /** Whether the description is shown. */
  get isEnableDescription(): boolean {
    return this.params.isEnableDescription === true;
  }

  /** The description beside the box. */
  get checkboxDescription(): string {
    return typeof this.params.checkboxDescription === 'string' ? this.params.checkboxDescription : '';
  }

  /** 1 for a checked value, else null (the page's formatData). */
  formatData(data: unknown): 1 | null {
    return data === true || data === 1 || data === '1' || data === 'true' ? 1 : null;
  }
}

/** The units of JitAi's date arithmetic (`addYear`, `reduceDay`…). */
type DateUnit = 'years' | 'quarters' | 'months' | 'weeks' | 'days';

/** What Date and Datetime objects share: the date's parts, arithmetic and comparison. */
abstract class CalendarObject<V> extends DataTypeObject<V> {
  /** The value as a luxon DateTime (null without a value). */
  protected abstract moment(): DateTime | null;
  /** Stores a moved DateTime back as this type's value. */
  protected abstract store(moved: DateTime): void;
  /** Another value of this type, as a DateTime to compare with. */
  protected abstract read(other: unknown): DateTime | null;

  /** The date `YYYY-MM-DD`. */
  get dt(): string | null {
    return this.moment()?.toISODate() ?? null;
  }

  set dt(date: string | null) {
    const read = date === null ? null : DateTime.fromISO(date);
    if (read?.isValid) this.store(this.moment()?.set({ year: read.year, month: read.month, day: read.day }) ?? read);
  }

  get year(): number | null {
    return this.moment()?.year ?? null;
  }

  get quarter(): number | null {
    return this.moment()?.quarter ?? null;
  }

  get month(): number | null {
    return this.moment()?.month ?? null;
  }

  /** The ISO week of the year. */
  get weekOfYear(): number | null {
    return this.moment()?.weekNumber ?? null;
  }

  get day(): number | null {
    return this.moment()?.day ?? null;
  }

  /** The day of the week, Monday 1 to Sunday 7. */
  get weekDay(): number | null {
    return this.moment()?.weekday ?? null;
  }

  addYear(n: number): this {
    return this.move('years', n);
  }

  addQuarter(n: number): this {
    return this.move('quarters', n);
  }

  addMonth(n: number): this {
    return this.move('months', n);
  }

  addWeek(n: number): this {
    return this.move('weeks', n);
  }

  addWeekOfYear(n: number): this {
    return this.move('weeks', n);
  }

  addDay(n: number): this {
    return this.move('days', n);
  }

  reduceYear(n: number): this {
    return this.move('years', -n);
  }

  reduceQuarter(n: number): this {
    return this.move('quarters', -n);
  }

  reduceMonth(n: number): this {
    return this.move('months', -n);
  }

  reduceWeek(n: number): this {
    return this.move('weeks', -n);
  }

  reduceWeekOfYear(n: number): this {
    return this.move('weeks', -n);
  }

  reduceDay(n: number): this {
    return this.move('days', -n);
  }

  /** Within `[from, to]`, both included. */
  range([from, to]: readonly [unknown, unknown]): boolean {
    return this.compare(from, (a, b) => a >= b) && this.compare(to, (a, b) => a <= b);
  }

  gt(other: unknown): boolean {
    return this.compare(other, (a, b) => a > b);
  }

  lt(other: unknown): boolean {
    return this.compare(other, (a, b) => a < b);
  }

  gte(other: unknown): boolean {
    return this.compare(other, (a, b) => a >= b);
  }

  lte(other: unknown): boolean {
    return this.compare(other, (a, b) => a <= b);
  }

  private move(unit: DateUnit, n: number): this {
    const at = this.moment();
    if (at) this.store(at.plus({ [unit]: Number(n) }));
    return this;
  }

  private compare(other: unknown, test: (a: number, b: number) => boolean): boolean {
    const a = this.moment();
    const b = this.read(other instanceof DataTypeObject ? other.value : other);
    return a !== null && b !== null && test(a.toMillis(), b.toMillis());
  }
}

/** Date: a `YYYY-MM-DD` string. */
export class DateObject extends CalendarObject<string | null> {
  protected moment(): DateTime | null {
    return this.read(this.value);
  }

  protected store(moved: DateTime): void {
    this.value = moved.toISODate();
  }

  protected read(other: unknown): DateTime | null {
    if (typeof other !== 'string') return null;
    const read = DateTime.fromISO(other.slice(0, 10), { zone: 'utc' });
    return read.isValid ? read : null;
  }
}

/** Datetime: a luxon DateTime in the app zone. */
export class DatetimeObject extends CalendarObject<DateTime | null> {
  protected moment(): DateTime | null {
    return this.value;
  }

  protected store(moved: DateTime): void {
    this.value = moved;
  }

  protected read(other: unknown): DateTime | null {
    if (DateTime.isDateTime(other)) return other;
    if (other instanceof Date) return DateTime.fromJSDate(other);
    if (typeof other !== 'string') return null;
    const zone = this.value?.zone ?? 'local';
    const read = DateTime.fromSQL(other, { zone }).isValid ? DateTime.fromSQL(other, { zone }) : DateTime.fromISO(other, { zone });
    return read.isValid ? read : null;
  }

  get hour(): number | null {
    return this.value?.hour ?? null;
  }

  get minute(): number | null {
    return this.value?.minute ?? null;
  }

  get second(): number | null {
    return this.value?.second ?? null;
  }

  /** The date part `YYYY-MM-DD`. */
  get date(): string | null {
    return this.value?.toISODate() ?? null;
  }

  /** `YYYY-MM-DD HH:mm:ss` in the value's zone. */
  override getDisplayValue(): string {
    return this.value?.toFormat('yyyy-MM-dd HH:mm:ss') ?? '';
  }
}

/** Time: an `HH:mm:ss` string. */
export class TimeObject extends DataTypeObject<string | null> {
  get hour(): number | null {
    return this.part(0);
  }

  get minute(): number | null {
    return this.part(1);
  }

  get second(): number | null {
    return this.part(2);
  }

  private part(i: number): number | null {
    return this.value === null ? null : Number(this.value.split(':')[i]);
  }
}

/** JitList and the page's list types (File, Image, the Multi… choices): list helpers. */
export class ListObject<T = unknown> extends DataTypeObject<T[] | null> {
  private get items(): T[] {
    return this.value ?? [];
  }

  /** The number of elements. */
  get listCount(): number {
    return this.items.length;
  }

  /** The number of distinct elements. */
  get distinctListCount(): number {
    return new Set(this.items.map((item) => JSON.stringify(item))).size;
  }

  /** Whether every element is a number (so sum and average mean something). */
  get calculable(): boolean {
    return this.items.every((item) => typeof item === 'number');
  }

  /** Whether the elements are all numbers or all strings. */
  get comparable(): boolean {
    return this.calculable || this.items.every((item) => typeof item === 'string');
  }

  get sum(): number {
    return this.numbers().reduce((a, b) => a + b, 0);
  }

  get average(): number | null {
    const numbers = this.numbers();
    return numbers.length === 0 ? null : this.sum / numbers.length;
  }

  get max(): T | null {
    return this.extreme((a, b) => a > b);
  }

  get min(): T | null {
    return this.extreme((a, b) => a < b);
  }

  /** Appends an element, or each element of a list. */
  append(value: T | T[]): this {
    this.value = [...this.items, ...(Array.isArray(value) ? value : [value])];
    return this;
  }

  /** Appends what is not there yet (equal as JSON). */
  distinctAppend(value: T | T[]): this {
    const seen = new Set(this.items.map((item) => JSON.stringify(item)));
    for (const item of Array.isArray(value) ? value : [value]) {
      const key = JSON.stringify(item);
      if (!seen.has(key)) this.value = [...this.items, item];
      seen.add(key);
    }
    return this;
  }

  getValueByIndex(index: number): T | undefined {
    return this.items[index];
  }

  updateValueByIndex(index: number, value: T): this {
    const items = [...this.items];
    items[index] = value;
    this.value = items;
    return this;
  }

  /** Removes every element equal (as JSON) to `value`. */
  remove(value: T): this {
    const key = JSON.stringify(value);
    this.value = this.items.filter((item) => JSON.stringify(item) !== key);
    return this;
  }

  reset(): this {
    this.value = [];
    return this;
  }

  getFirstValue(): T | undefined {
    return this.items[0];
  }

  getLastValue(): T | undefined {
    return this.items.at(-1);
  }

  /** A copy of the elements. */
  getList(): T[] {
    return [...this.items];
  }

  private numbers(): number[] {
    return this.items.filter((item): item is T & number => typeof item === 'number');
  }

  private extreme(better: (a: T, b: T) => boolean): T | null {
    let found: T | null = null;
    for (const item of this.items) if (found === null || better(item, found)) found = item;
    return found;
  }
}

/** One uploaded file or image as File and Image lists hold them. */
export type UploadedFile = Row | string;

/** File and Image: a list of uploads. */
export class UploadListObject extends ListObject<UploadedFile> {
  /** The number of files. */
  get count(): number {
    return this.listCount;
  }

  /** Their total size (the sum of each entry's `size`). */
  get size(): number {
    return this.getList().reduce<number>((total, f) => total + (typeof f === 'object' && typeof f.size === 'number' ? f.size : 0), 0);
  }

  /** Image's total size. */
  get imageSize(): number {
    return this.size;
  }

  /** The entries' names. */
  get imageName(): unknown[] {
    return this.getList().map((f) => (typeof f === 'object' ? f.name : f));
  }

  /** The entries' types. */
  get imageType(): unknown[] {
    return this.getList().map((f) => (typeof f === 'object' ? f.type : undefined));
  }
}

/** JitDict and the page's object types (Address, Position, Link). */
export class DictObject<T extends Row = Row> extends DataTypeObject<T | null> {
  /** The number of keys. */
  get KVCount(): number {
    return Object.keys(this.value ?? {}).length;
  }

  reset(): this {
    this.value = {} as T;
    return this;
  }

  /** A copy of the value. */
  toDict(): T {
    return { ...(this.value ?? ({} as T)) };
  }

  /** The value's key `key`, as text or null. */
  protected text(key: string): string | null {
    const v = this.value?.[key];
    return typeof v === 'string' ? v : null;
  }
}

/** An Address value: the page's province, city and district (and whatever else it holds). */
export interface AddressValue {
  province?: string | null;
  city?: string | null;
  district?: string | null;
  [key: string]: unknown;
}

/** Address: an object with province, city and district. */
export class AddressObject<T extends AddressValue = AddressValue> extends DictObject<T> {
  get province(): string | null {
    return this.text('province');
  }

  get city(): string | null {
    return this.text('city');
  }

  get district(): string | null {
    return this.text('district');
  }

  /** `pca` (province, city, district; default), `pc` or `p`. */
  get addressFormat(): string {
    return typeof this.params.addressFormat === 'string' ? this.params.addressFormat : 'pca';
  }

  /** Lies within `address`: every part it names is this one's. */
  belong(address: AddressValue | AddressObject): boolean {
    const other = address instanceof DataTypeObject ? address.value : address;
    if (!other || !this.value) return false;
    return (['province', 'city', 'district'] as const).every(
      (k) => other[k] === undefined || other[k] === null || other[k] === this.value![k],
    );
  }

  notBelong(address: AddressValue | AddressObject): boolean {
    return !this.belong(address);
  }

  /** Its parts joined, the detail last. */
  override getDisplayValue(): string {
    const parts = [this.province, this.city, this.district, this.text('detail'), this.text('address')];
    return parts.filter((p) => p !== null && p !== '').join(' ');
  }
}

/** A Position value: an address with coordinates. */
export interface PositionValue extends AddressValue {
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
}

/** Position: an address with `lng` and `lat`. */
export class PositionObject extends AddressObject<PositionValue> {
  get address(): string | null {
    return this.text('address');
  }

  get lng(): number | null {
    return typeof this.value?.lng === 'number' ? this.value.lng : null;
  }

  get lat(): number | null {
    return typeof this.value?.lat === 'number' ? this.value.lat : null;
  }
}

/** A Link value. */
export interface LinkValue {
  url?: string | null;
  linkTitle?: string | null;
  [key: string]: unknown;
}

/** Link: `url` and `linkTitle`, both read-write. */
export class LinkObject extends DictObject<LinkValue> {
  get url(): string | null {
    return this.text('url');
  }

  set url(url: string | null) {
    this.value = { ...(this.value ?? {}), url };
  }

  get linkTitle(): string | null {
    return this.text('linkTitle');
  }

  set linkTitle(linkTitle: string | null) {
    this.value = { ...(this.value ?? {}), linkTitle };
  }

  /** The title, else the URL. */
  override getDisplayValue(): string {
    return this.linkTitle || this.url || '';
  }
}

/** JitMap: a mapping of keys to values. */
export class MapObject<V = unknown> extends DataTypeObject<Record<string, V> | null> {
  get keys(): string[] {
    return Object.keys(this.value ?? {});
  }

  get values(): V[] {
    return Object.values(this.value ?? {});
  }

  get(key: string): V | undefined {
    return this.value && Object.hasOwn(this.value, key) ? this.value[key] : undefined;
  }

  set(key: string, value: V): this {
    this.value = { ...(this.value ?? {}), [key]: value };
    return this;
  }

  clear(): this {
    this.value = {};
    return this;
  }
}

/** RowData and RelateData: one row. */
export class RowDataObject<R extends Row = Row> extends DataTypeObject<R | null> {
  /** The row's key value (its `id`, or its model's primary key field). */
  get pkData(): unknown {
    const key = typeof this.params.pkName === 'string' ? this.params.pkName : 'id';
    return this.value?.[key] ?? null;
  }

  /** A copy of the row. */
  toDict(): R {
    return { ...(this.value ?? ({} as R)) };
  }

  /** Changes fields of the row (in this object; saving is the model's). */
  update(fields: Partial<R>): this {
    this.value = { ...(this.value ?? ({} as R)), ...fields };
    return this;
  }

  reset(): this {
    this.value = {} as R;
    return this;
  }
}

/** RowList, SubTable and MultiRelateData: rows of the `generic` model. */
export class RowListObject<R extends Row = Row> extends DataTypeObject<R[] | null> {
  /** The element of the `generic` model (set when the runtime builds the object), else null. */
  get Model(): unknown {
    return this.params.Model ?? null;
  }

  get length(): number {
    return (this.value ?? []).length;
  }

  get firstRow(): R | null {
    return this.value?.[0] ?? null;
  }

  get lastRow(): R | null {
    return this.value?.at(-1) ?? null;
  }

  /** Appends a row or rows. */
  append(rows: R | R[]): this {
    this.value = [...(this.value ?? []), ...(Array.isArray(rows) ? rows : [rows])];
    return this;
  }

  reset(): this {
    this.value = [];
    return this;
  }

  getFirstValue(): R | undefined {
    return this.value?.[0];
  }

  getLastValue(): R | undefined {
    return this.value?.at(-1);
  }

  /** A copy of the list of rows. */
  getList(): R[] {
    return [...(this.value ?? [])];
  }

  /** The rows by the value of their field `fieldId` (a JitMap). */
  transToJitMap(fieldId: string): MapObject<R> {
    const entries = (this.value ?? []).map((r) => [String(r[fieldId]), r] as const);
    return new MapObject<R>('JitMap', { value: Object.fromEntries(entries) }, { converted: true });
  }
}

/** QFilter: a Q expression (its string form or a Q object). */
export class QFilterObject extends DataTypeObject<unknown> {
  /** Narrows the filter: both it and `q` must hold (Python's `&`). */
  append(q: unknown): this {
    const current = this.value;
    if (current === null || current === undefined) this.value = q;
    else if (typeof current === 'string' && typeof q === 'string') this.value = `(${current}) & (${q})`;
    else if (typeof (current as { and?: unknown }).and === 'function') this.value = (current as { and(q: unknown): unknown }).and(q);
    else throw new JitError('API_PARAMS_ERROR', 'QFilter.append: cannot combine a Q string with a Q object; give both in one form');
    return this;
  }
}

/** Any: the value as it was given. */
export class AnyObject extends DataTypeObject<unknown> {}

/**
 * The object class of each data type, as the type checker sees it: what `datatypes.X(...)` builds
 * and what a function with `argsToDatatype` receives for an argument of type X.
 */
export interface DataTypeObjects {
  Stext: TextObject;
  Ltext: LtextObject;
  Numeric: NumberObject;
  Integer: NumberObject;
  Boolean: BooleanObject;
  Date: DateObject;
  Datetime: DatetimeObject;
  JitDict: DictObject;
  JitList: ListObject;
  RowData: RowDataObject;
  Any: AnyObject;
  Money: NumberObject;
  Percent: NumberObject;
  AutoInt: NumberObject;
  Phone: TextObject;
  Email: TextObject;
  Url: TextObject;
  Time: TimeObject;
  RichText: RichTextObject;
  Serial: TextObject;
  Radio: ChoiceObject;
  MultiRadio: ListObject<string>;
  Dropdown: ChoiceObject;
  MultiDropdown: ListObject<string>;
  Checkbox: CheckboxObject;
  File: UploadListObject;
  Image: UploadListObject;
  Signature: TextObject;
  Dept: TextObject;
  MultiDept: ListObject<string>;
  Member: TextObject;
  MultiMember: ListObject<string>;
  Address: AddressObject;
  Identify: IdentifyObject;
  LicensePlate: LicensePlateObject;
  Position: PositionObject;
  Link: LinkObject;
  SubTable: RowListObject;
  JitMap: MapObject;
  RowList: RowListObject;
  RelateData: RowDataObject;
  MultiRelateData: RowListObject;
  QFilter: QFilterObject;
}

type FamilyClass = new (dataType: DataType, init?: DataTypeInit, options?: DataTypeObjectOptions) => DataTypeObject;

const FAMILIES: Record<DataType, FamilyClass> = {
  Stext: TextObject,
  Ltext: LtextObject,
  Numeric: NumberObject,
  Integer: NumberObject,
  Boolean: BooleanObject,
  Date: DateObject,
  Datetime: DatetimeObject,
  JitDict: DictObject,
  JitList: ListObject,
  RowData: RowDataObject,
  Any: AnyObject,
  Money: NumberObject,
  Percent: NumberObject,
  AutoInt: NumberObject,
  Phone: TextObject,
  Email: TextObject,
  Url: TextObject,
  Time: TimeObject,
  RichText: RichTextObject,
  Serial: TextObject,
  Radio: ChoiceObject,
  MultiRadio: ListObject,
  Dropdown: ChoiceObject,
  MultiDropdown: ListObject,
  Checkbox: CheckboxObject,
  File: UploadListObject,
  Image: UploadListObject,
  Signature: TextObject,
  Dept: TextObject,
  MultiDept: ListObject,
  Member: TextObject,
  MultiMember: ListObject,
  Address: AddressObject,
  Identify: IdentifyObject,
  LicensePlate: LicensePlateObject,
  Position: PositionObject,
  Link: LinkObject,
  SubTable: RowListObject,
  JitMap: MapObject,
  RowList: RowListObject,
  RelateData: RowDataObject,
  MultiRelateData: RowListObject,
  QFilter: QFilterObject,
};

/** Builds a data type object, with `new` or without (JitAi writes `datatypes.Money(value=850)`). */
export interface DataTypeFactory<O> {
  new (init?: DataTypeInit): O;
  (init?: DataTypeInit): O;
  readonly prototype: O;
}

/** One class per data type (a subclass of its family's), so that `x instanceof datatypes.Money` tells Money from Numeric. */
const TYPE_CLASSES = Object.fromEntries(
  DATA_TYPES.map((dataType) => {
    const Family = FAMILIES[dataType];
    const named = { [dataType]: class extends Family {} }[dataType]!;
    return [dataType, named];
  }),
) as Record<DataType, FamilyClass>;

/**
 * JitAi's `datatypes` (`from datatypes.Meta import datatypes`): `datatypes.Money({ value: 850 })`
 * (or with `new`) builds a Money object, its value converted as a Money argument would be
 * (API_PARAMS_ERROR if it does not convert). One entry per data type.
 */
export const datatypes = Object.freeze(
  Object.fromEntries(
    DATA_TYPES.map((dataType) => {
      const cls = TYPE_CLASSES[dataType];
      const factory = function (init?: DataTypeInit): DataTypeObject {
        return new cls(dataType, init);
      };
      Object.defineProperty(factory, 'name', { value: dataType });
      factory.prototype = cls.prototype as object;
      return [dataType, factory];
    }),
  ),
) as unknown as { readonly [K in DataType]: DataTypeFactory<DataTypeObjects[K]> };

/**
 * The object of `dataType` around a value that is already converted (what the call path does for
 * a function with `argsToDatatype` on), its declaration's keys (`title`, `generic`…) as init
 * parameters. An unknown data type builds an `Any` object.
 */
export function createDataTypeObject(dataType: string, value: unknown, init: Omit<DataTypeInit, 'value'> = {}): DataTypeObject {
  const type: DataType = isDataType(dataType) ? dataType : 'Any';
  return new TYPE_CLASSES[type](type, { ...init, value }, { converted: true });
}
