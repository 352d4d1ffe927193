import { DatabaseElement } from '../databases/DatabaseElement';
import { JitError } from '../errors/JitError';
import { ElementBase } from '../runtime/ElementBase';
import type { ElementDefine } from '../runtime/ElementDefinition';
import type { RowChange } from '../runtime/RowHooks';
import { convertValue, isPlainJsonObject, JSON_DATA_TYPES } from '../services/dataTypes';
import { parseAppTimeMs } from '../time/parseAppTime';
import { GET_ARGUMENTS, ModelArguments, QUERY_ARGUMENTS } from './ModelArguments';
import type { ModelField, ModelRow } from './ModelField';
import { AUTO_KEY, keyOf, type ModelTable } from './ModelTable';
import { modelTableName } from './modelTableName';
import { markRowModel, rowModelOf } from './rowModelMark';
import { openModelTable } from './openModelTable';
import { evaluateQ } from './q/evaluateQ';
import { validateModelDefine, type ModelDefineProblem } from './validateModelDefine';

/**
 * What `afterSave` and `afterDelete` receive (and `services.TaskSvc.saveDateFieldTask` takes): the
 * model, the row after the write (null after a delete) and before it (null after a create), both
 * kept by the runtime.
 */
export interface ModelRowChange extends RowChange {
  postData: ModelRow | null;
  prevData: ModelRow | null;
  /**
   * False when the writer passed JitAi's `triggerEvent: 0`: model events are not to fire for this
   * change. Absent otherwise. The hooks run either way (they keep date-field tasks in step).
   */
  triggerEvent?: false;
}

/** What `query` returns, as JitAi's: the rows of the page, and how many rows match in all. */
export interface QueryResult {
  rowDatas: ModelRow[];
  totalCount: number;
}

/**
 * The class of the `models` family (the module of `models.Meta`): a model stored as one table of
 * its database (`db`, default the app's default database), an SQLite one (`databases.SqliteType`)
 * or a PostgreSQL one (`databases.PgSqlType`), with the same behaviour. The table is created, or
 * given the columns of new fields, on first use.
 *
 * The functions are JitORM's, with the arguments and results of JitAi's data-model page:
 * `query`, `get`, `count`, `create`, `updateByPK`, `deleteByPK`, `updateOrAdd`,
 * `createOrUpdateMany`, `updateByFilter`, `deleteByFilter`, `getCompareResult`; and jittask's
 * `update(id, patch)` and `delete(id)`. Filters are Q expressions (see `Q`).
 *
 * Every write and the `afterSave`/`afterDelete` hook of each row it changes run in one transaction
 * of that database: when a hook throws, the whole write is rolled back and the call rejects with
 * the hook's error. What the hook writes to the same database (another model, the task store) is
 * part of that transaction. Arguments are checked, and values converted by dataType, before
 * anything is written: a bad one is `API_PARAMS_ERROR` and nothing is written.
 */
export class ModelElement extends ElementBase {
  /** The table once its schema is known to be in place (committed). */
  private table: ModelTable | null = null;

  /**
   * The fullName of the model a row object was returned by, if any: a row returned by `get`,
   * `create`, `update`, `delete` and the bulk writes, and every row a hook receives. The rows of
   * `query` are not marked (marking each of many rows would cost more than reading them).
   */
  static modelOf(row: ModelRow): string | undefined {
    return rowModelOf(row);
  }

  /** Family checks beyond the schema, run at load for every model (see {@link validateModelDefine}). */
  static validateDefine(define: ElementDefine): ModelDefineProblem[] {
    return validateModelDefine(define);
  }

  /** The declared fields. */
  get fields(): readonly ModelField[] {
    return (this.define.fields ?? []) as ModelField[];
  }

  /** The fullName of the database element the model is stored in. */
  get databaseName(): string {
    return typeof this.define.db === 'string' ? this.define.db : DatabaseElement.defaultName(this.app);
  }

  /** `table` if given, else `m_` and the fullName with dots as underscores (`m_models_Meeting`). */
  get tableName(): string {
    return modelTableName(this.define);
  }

  /**
   * Stores a new row and returns it as stored. Fields not given are null. The key is assigned by
   * the database, or must be given when the model declares a `primaryKey` field.
   *
   * @param triggerEvent JitAi's flag: 0 (or false) marks the change so that model events do not fire
   *   (see {@link ModelRowChange.triggerEvent}).
   * @throws JitError `API_PARAMS_ERROR` naming the field for an unknown field or a bad value, a
   *   missing or already used key, or a given `id` the database would assign.
   */
  async create(rowData: Record<string, unknown>, triggerEvent?: unknown): Promise<ModelRow> {
    const table = await this.open();
    const args = this.argumentsOf('create');
    const trigger = args.triggerEvent(triggerEvent);
    const values = this.toNewRow(table, args, rowData);
    return table.transaction(() => this.insertRow(table, args, values, trigger));
  }

  /**
   * JitAi's `get(filter, orderList?, level?)`: the first row the filter matches (in `orderList`'s
   * order, else insertion order), or null. Also jittask's `get(id)`: the row with that key. A
   * number, or a string that is not a Q expression (`Q(…)`, `~Q(…)`, `(Q(…) | …)`, or the empty
   * string, which is no filter), is a key.
   *
   * @throws JitError `API_PARAMS_ERROR` for a malformed filter or key.
   */
  async get(...args: unknown[]): Promise<ModelRow | null> {
    const table = await this.open();
    const reader = this.argumentsOf('get');
    const [first] = args;
    if (args.length === 0) reader.fail('expected a filter (a Q expression) or a key');
    if (args.length === 1 && (typeof first === 'number' || (typeof first === 'string' && !looksLikeQ(first)))) {
      const row = await table.find(this.toKey(table, first, 'get'));
      return row && handOut(this.fullName, row);
    }
    const named = reader.byName(args, GET_ARGUMENTS);
    const filter = reader.filter(named.filter);
    const order = reader.orderList(named.orderList);
    reader.level(named.level);
    const { rows } = await table.select(filter, { order, limit: 1 });
    return rows[0] ? handOut(this.fullName, rows[0]) : null;
  }

  /**
   * JitAi's paged read: `query(filter?, fieldList?, orderList?, page?, size?, level?)`, or one object
   * of those by name (`query({ filter, page: 1, size: 20 })`). The filter is a Q expression, its
   * string form or an object of field values (`query({ status: 'active' })`, every field equal).
   *
   * @returns `{ rowDatas, totalCount }`: the rows of the page (every matching row without `size`),
   *   each with the fields of `fieldList` or all of them, sorted by `orderList` ([[field, 1 | -1]…])
   *   then in insertion order; `totalCount` counts every matching row.
   * @throws JitError `API_PARAMS_ERROR` naming the argument for a malformed filter (unknown field,
   *   unknown operator, a value of the wrong type), an unknown field in `fieldList` or `orderList`,
   *   or a `page`/`size` that is not a positive integer.
   */
  async query(...args: unknown[]): Promise<QueryResult> {
    const table = await this.open();
    const reader = this.argumentsOf('query');
    const named = reader.byName(args, QUERY_ARGUMENTS);
    const filter = reader.filter(named.filter);
    const fieldList = reader.fieldList(named.fieldList);
    const order = reader.orderList(named.orderList);
    const page = reader.page(named.page, named.size);
    reader.level(named.level);
    const { rows, total } = await table.select(filter, { order, ...page, total: page !== null });
    // Not marked with the model (see modelOf): marking costs a query of many rows more than reading them.
    const rowDatas = fieldList ? rows.map((row) => pick(row, fieldList)) : rows;
    return { rowDatas, totalCount: total ?? rows.length };
  }

  /** The number of rows the filter matches (every row without one). */
  async count(filter?: unknown): Promise<number> {
    const table = await this.open();
    return table.count(this.argumentsOf('count').filter(filter));
  }

  /**
   * Sets the fields of `patch` (null clears one) on the row with key `id` and returns it as stored.
   * The key may appear in `patch` (a whole row passed back) but cannot change.
   *
   * @throws JitError `API_PARAMS_ERROR` for an unknown field, a bad value, a changed key, or no row with that key.
   */
  async update(id: unknown, patch: Record<string, unknown>, triggerEvent?: unknown): Promise<ModelRow> {
    const table = await this.open();
    const args = this.argumentsOf('update');
    const trigger = args.triggerEvent(triggerEvent);
    const key = this.toKey(table, id, 'update');
    const values = this.toPatch(table, args, patch, key);
    return table.transaction(async () => {
      const prevData = handOut(this.fullName, (await table.find(key, true)) ?? this.noRow(table, 'update', key));
      return this.updateRow(table, prevData, values, trigger);
    });
  }

  /**
   * Deletes the row with key `id` and returns it as it was.
   *
   * @throws JitError `API_PARAMS_ERROR` when there is no row with that key.
   */
  async delete(id: unknown, triggerEvent?: unknown): Promise<ModelRow> {
    const table = await this.open();
    const trigger = this.argumentsOf('delete').triggerEvent(triggerEvent);
    const key = this.toKey(table, id, 'delete');
    return table.transaction(async () => {
      const prevData = handOut(this.fullName, (await table.find(key, true)) ?? this.noRow(table, 'delete', key));
      await table.delete(key);
      await this.afterDelete(this.change(null, prevData, trigger));
      return prevData;
    });
  }

  /**
   * JitAi's `updateByPK(pkList, updateData, triggerEvent?)`: sets the fields of `updateData` on the
   * rows with these keys, in one transaction, and returns them as stored, in insertion order. A key
   * without a row is skipped. Each row's `afterSave` runs, in that order.
   *
   * @throws JitError `API_PARAMS_ERROR` for a `pkList` that is not a list of keys, an unknown field,
   *   a bad value or the key in `updateData`.
   */
  async updateByPK(pkList: unknown, updateData: Record<string, unknown>, triggerEvent?: unknown): Promise<ModelRow[]> {
    const table = await this.open();
    const args = this.argumentsOf('updateByPK');
    const trigger = args.triggerEvent(triggerEvent);
    const keys = this.toKeys(table, args, pkList);
    const values = this.toPatch(table, args, updateData, null);
    return table.transaction(async () => this.updateRows(table, await table.findMany(keys, true), values, trigger));
  }

  /**
   * JitAi's `deleteByPK(pkList, triggerEvent?)`: deletes the rows with these keys in one transaction
   * and returns them as they were, in insertion order (a key without a row is skipped). Each row's
   * `afterDelete` runs.
   */
  async deleteByPK(pkList: unknown, triggerEvent?: unknown): Promise<ModelRow[]> {
    const table = await this.open();
    const args = this.argumentsOf('deleteByPK');
    const trigger = args.triggerEvent(triggerEvent);
    const keys = this.toKeys(table, args, pkList);
    return table.transaction(async () => this.deleteRows(table, await table.findMany(keys, true), trigger));
  }

  /**
   * JitAi's `updateOrAdd(filter, orderList, updateData, addData, triggerEvent?)`: the first row the
   * filter matches (in `orderList`'s order) gets `updateData`; when none matches, `addData` is
   * created. Returns the row as stored. Both data are checked first, whichever is used.
   */
  async updateOrAdd(
    filter: unknown,
    orderList: unknown,
    updateData: Record<string, unknown>,
    addData: Record<string, unknown>,
    triggerEvent?: unknown,
  ): Promise<ModelRow> {
    const table = await this.open();
    const args = this.argumentsOf('updateOrAdd');
    const trigger = args.triggerEvent(triggerEvent);
    const q = args.filter(filter);
    const order = args.orderList(orderList);
    const update = this.toPatch(table, args, updateData, null, 'updateData');
    const add = this.toNewRow(table, args, addData, 'addData');
    return table.transaction(async () => {
      const { rows } = await table.select(q, { order, limit: 1, lock: true });
      const found = rows[0];
      return found ? this.updateRow(table, handOut(this.fullName, found), update, trigger) : this.insertRow(table, args, add, trigger);
    });
  }

  /**
   * JitAi's `createOrUpdateMany(rowDataList, triggerEvent?)`: each row with the key of a stored row
   * updates it (with the fields it gives), every other one is created; in one transaction, in the
   * list's order. Returns the rows as stored, in the list's order. In a model whose database
   * assigns `id`, a row with an `id` that is not stored is refused (and nothing is written).
   */
  async createOrUpdateMany(rowDataList: unknown, triggerEvent?: unknown): Promise<ModelRow[]> {
    const table = await this.open();
    const args = this.argumentsOf('createOrUpdateMany');
    const trigger = args.triggerEvent(triggerEvent);
    const keyName = table.key.name;
    const rows = args.list(rowDataList, 'rowDataList').map((data, i) => {
      const values = this.toValues(table, data, 'createOrUpdateMany', `rowDataList[${i}]`);
      if (!table.autoKey && (values[keyName] ?? null) === null) {
        this.fail('createOrUpdateMany', `rowDataList[${i}]: missing primary key '${keyName}'`, keyName);
      }
      return values;
    });
    if (table.autoKey) {
      // An id the database never gave is refused before anything is written (and checked again
      // in the transaction, in case the row goes meanwhile).
      const given = rows.map((values) => values[keyName] ?? null).filter((key) => key !== null);
      const stored = new Set((await table.findMany([...new Set(given)])).map((row) => row[keyName]));
      const missing = rows.findIndex((values) => (values[keyName] ?? null) !== null && !stored.has(values[keyName]));
      if (missing >= 0) this.noRowToUpdate(keyName, rows[missing]![keyName], missing);
    }
    return table.transaction(async () => {
      const saved: ModelRow[] = [];
      for (const [i, values] of rows.entries()) {
        const key = values[keyName] ?? null;
        const found = key === null ? null : await table.find(key, true);
        if (found) {
          const { [keyName]: _key, ...patch } = values;
          saved.push(await this.updateRow(table, handOut(this.fullName, found), patch, trigger));
        } else if (key !== null && table.autoKey) {
          this.noRowToUpdate(keyName, key, i);
        } else {
          saved.push(await this.insertRow(table, args, values, trigger));
        }
      }
      return saved;
    });
  }

  /**
   * JitAi's `updateByFilter(filter, updateData)`: sets the fields of `updateData` on every row the
   * filter matches (every row for an empty filter), in one transaction; returns them as stored, in
   * insertion order. Unlike JitAi, each row's `afterSave` runs (so date-field tasks keep in step);
   * `triggerEvent` 0 keeps model events from firing.
   */
  async updateByFilter(filter: unknown, updateData: Record<string, unknown>, triggerEvent?: unknown): Promise<ModelRow[]> {
    const table = await this.open();
    const args = this.argumentsOf('updateByFilter');
    const trigger = args.triggerEvent(triggerEvent);
    const q = args.filter(filter);
    const values = this.toPatch(table, args, updateData, null);
    return table.transaction(async () => this.updateRows(table, (await table.select(q, { lock: true })).rows, values, trigger));
  }

  /**
   * JitAi's `deleteByFilter(filter)`: deletes every row the filter matches (every row for an empty
   * filter) in one transaction and returns them as they were. Unlike JitAi, each row's
   * `afterDelete` runs.
   */
  async deleteByFilter(filter: unknown, triggerEvent?: unknown): Promise<ModelRow[]> {
    const table = await this.open();
    const args = this.argumentsOf('deleteByFilter');
    const trigger = args.triggerEvent(triggerEvent);
    const q = args.filter(filter);
    return table.transaction(async () => this.deleteRows(table, (await table.select(q, { lock: true })).rows, trigger));
  }

  /**
   * JitAi's `getCompareResult(q, bizRow)`: whether a row (stored or not) matches the Q expression,
   * with the answer `query` would give for it. The row's values are read as a write reads them.
   *
   * @throws JitError `API_PARAMS_ERROR` for a malformed Q, a `bizRow` that is not an object, or a
   *   value of the wrong type in it.
   */
  getCompareResult(q: unknown, bizRow: Record<string, unknown>): boolean {
    const columns = this.columns();
    const args = new ModelArguments(this.fullName, 'getCompareResult', columns, this.app.timezone);
    const filter = args.filter(q, 'q');
    if (!convertValue('JitDict', bizRow, this.app.timezone).ok)
      args.fail('bizRow must be a plain object of field values', { argument: 'bizRow' });
    const values: Record<string, unknown> = {};
    for (const field of columns) {
      const value = bizRow[field.name];
      values[field.name] = value === null || value === undefined ? null : this.checkedValue(field, value, 'getCompareResult');
    }
    return filter === null || evaluateQ(filter, values);
  }

  /**
   * Called after a row was created or updated, inside the write's transaction: throwing rolls the
   * write back. Model classes override it to react to saves; they must call `super.afterSave`,
   * which publishes the change to the app's `rowHooks` (the task service keeps the row's
   * date-field tasks in step there; in the same transaction when the task store is in this
   * model's database). Bulk writes call it once per row.
   */
  async afterSave(rowObj: ModelRowChange): Promise<void> {
    await this.app.rowHooks.run(rowObj);
  }

  /** Called after a row was deleted, inside the transaction, like {@link afterSave}; its hooks remove the row's date-field tasks. */
  async afterDelete(rowObj: ModelRowChange): Promise<void> {
    await this.app.rowHooks.run(rowObj);
  }

  /** Inserts checked values (in the caller's transaction) and runs `afterSave`. */
  private async insertRow(table: ModelTable, args: ModelArguments, values: Record<string, unknown>, trigger: boolean): Promise<ModelRow> {
    const keyName = table.key.name;
    const row =
      (await table.insert(values)) ??
      args.fail(`a row with ${keyName} ${JSON.stringify(values[keyName])} already exists`, { field: keyName });
    const postData = handOut(this.fullName, row);
    await this.afterSave(this.change(postData, null, trigger));
    return postData;
  }

  /** Updates a row read in the caller's transaction and runs `afterSave`. */
  private async updateRow(table: ModelTable, prevData: ModelRow, values: Record<string, unknown>, trigger: boolean): Promise<ModelRow> {
    const postData = handOut(this.fullName, (await table.update(prevData[table.key.name], values))!);
    await this.afterSave(this.change(postData, prevData, trigger));
    return postData;
  }

  /** Updates rows read (and locked) in the caller's transaction with one statement, then runs each one's `afterSave`, in their order. */
  private async updateRows(
    table: ModelTable,
    found: readonly ModelRow[],
    values: Record<string, unknown>,
    trigger: boolean,
  ): Promise<ModelRow[]> {
    const keyName = table.key.name;
    const updated = new Map(
      (
        await table.updateMany(
          found.map((row) => row[keyName]),
          values,
        )
      ).map((row) => [String(row[keyName]), row]),
    );
    const saved: ModelRow[] = [];
    for (const row of found) {
      const prevData = handOut(this.fullName, row);
      const postData = handOut(this.fullName, updated.get(String(row[keyName]))!);
      await this.afterSave(this.change(postData, prevData, trigger));
      saved.push(postData);
    }
    return saved;
  }

  /** Deletes rows read (and locked) in the caller's transaction with one statement, then runs each one's `afterDelete`. */
  private async deleteRows(table: ModelTable, found: readonly ModelRow[], trigger: boolean): Promise<ModelRow[]> {
    await table.deleteMany(found.map((row) => row[table.key.name]));
    const model = this.fullName;
    const deleted = found.map((row) => handOut(model, row));
    for (const prevData of deleted) await this.afterDelete(this.change(null, prevData, trigger));
    return deleted;
  }

  private change(postData: ModelRow | null, prevData: ModelRow | null, trigger: boolean): ModelRowChange {
    return trigger ? { model: this.fullName, postData, prevData } : { model: this.fullName, postData, prevData, triggerEvent: false };
  }

  /**
   * The model's table, created or brought up to the declared fields on first use. Opened inside an
   * open transaction (a hook of another model), the table's creation is part of it and would be
   * undone by its rollback: it is checked again on each use until it was made outside one.
   */
  private async open(): Promise<ModelTable> {
    this.app.assertOpen();
    if (this.table) return this.table;
    const table = openModelTable({
      model: this.fullName,
      databaseName: this.databaseName,
      database: this.app.getElement<unknown>(this.databaseName),
      tableName: this.tableName,
      fields: this.fields,
      timezone: this.app.timezone,
    });
    if (await table.ensureSchema()) this.table = table;
    return table;
  }

  /** The key column, then the declared fields. */
  private columns(): ModelField[] {
    const key = keyOf(this.fields);
    return key === AUTO_KEY ? [AUTO_KEY, ...this.fields] : [...this.fields];
  }

  private argumentsOf(action: string): ModelArguments {
    return new ModelArguments(this.fullName, action, this.columns(), this.app.timezone);
  }

  /** A new row's values, checked: a key the database assigns is refused, a declared key is required. */
  private toNewRow(table: ModelTable, args: ModelArguments, data: unknown, argument?: string): Record<string, unknown> {
    const values = this.toValues(table, data, args.action, argument);
    const keyName = table.key.name;
    const at = argument ? `${argument}: ` : '';
    if (table.autoKey && keyName in values) args.fail(`${at}'${keyName}' is assigned by the database`, { field: keyName });
    if (!table.autoKey && (values[keyName] ?? null) === null) args.fail(`${at}missing primary key '${keyName}'`, { field: keyName });
    return values;
  }

  /** Values to set on existing rows, checked; the key may be given only as the key of the one row updated (`key`). */
  private toPatch(table: ModelTable, args: ModelArguments, data: unknown, key: unknown, argument?: string): Record<string, unknown> {
    const values = this.toValues(table, data, args.action, argument);
    const keyName = table.key.name;
    if (keyName in values) {
      if (key === null || values[keyName] !== key) args.fail(`the key '${keyName}' cannot change`, { field: keyName });
      delete values[keyName];
    }
    return values;
  }

  /** A list of keys (`pkList`), each converted, without repeats. */
  private toKeys(table: ModelTable, args: ModelArguments, pkList: unknown): unknown[] {
    const keys = args.list(pkList, 'pkList').map((id, i) => this.toKey(table, id, args.action, `pkList[${i}]`));
    return [...new Set(keys)];
  }

  /** `data`'s values checked and converted by their field's dataType; `undefined` values are left out. */
  private toValues(table: ModelTable, data: unknown, action: string, argument?: string): Record<string, unknown> {
    const at = argument ? `${argument}: ` : '';
    if (!convertValue('JitDict', data, this.app.timezone).ok) this.fail(action, `${at}expected a plain object of field values`);
    const key = table.key;
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
      if (value === undefined) continue;
      const field = name === key.name ? key : this.fields.find((f) => f.name === name);
      if (!field) this.fail(action, `${at}unknown field '${name}'`, name);
      values[name] = value === null ? null : this.convert(field, value, action, at);
    }
    return values;
  }

  private toKey(table: ModelTable, id: unknown, action: string, argument?: string): unknown {
    const key = table.key;
    const at = argument ? `${argument}: ` : '';
    if (id === undefined || id === null) this.fail(action, `${at}missing ${key.name}`, key.name);
    return this.convert(key, id, action, at);
  }

  private convert(field: ModelField, value: unknown, action: string, at = ''): unknown {
    const converted = convertValue(field.dataType, value, this.app.timezone, { maxLength: field.maxLength });
    if (!converted.ok) return this.fail(action, `${at}field '${field.name}' (${field.dataType}): ${converted.reason}`, field.name);
    // Stored as JSON text: what would not survive JSON unchanged (a Date, NaN, a class) is refused.
    const json = JSON_DATA_TYPES.includes(field.dataType);
    if (json && !isPlainJsonObject({ value: converted.value })) {
      this.fail(
        action,
        `${at}field '${field.name}' (${field.dataType}): expected JSON values only (strings, finite numbers, booleans, null, arrays, plain objects)`,
        field.name,
      );
    }
    return converted.value;
  }

  /** A value in the form a checked filter compares (a Datetime as epoch milliseconds). */
  private checkedValue(field: ModelField, value: unknown, action: string): unknown {
    if (field.dataType === 'Datetime') {
      return parseAppTimeMs(value, this.app.timezone) ?? this.fail(action, `field '${field.name}' (Datetime): expected a time`, field.name);
    }
    return this.convert(field, value, action);
  }

  private noRowToUpdate(keyName: string, key: unknown, index: number): never {
    return this.fail(
      'createOrUpdateMany',
      `rowDataList[${index}]: no row with ${keyName} ${JSON.stringify(key)} to update ('${keyName}' is assigned by the database)`,
      keyName,
    );
  }

  private noRow(table: ModelTable, action: string, key: unknown): never {
    const keyName = table.key.name;
    return this.fail(action, `no row with ${keyName} ${JSON.stringify(key)}`, keyName);
  }

  private fail(action: string, message: string, field?: string): never {
    throw new JitError('API_PARAMS_ERROR', `${this.fullName}.${action}: ${message}`, {
      fullName: this.fullName,
      details: field ? { field } : {},
    });
  }
}

/**
 * Remembers that `row` came from `model` (see {@link ModelElement.modelOf}), and returns it. A
 * function, not a method: methods of elements are wrapped to enter their app's context, a cost
 * not to pay once per row.
 */
function handOut(model: string, row: ModelRow): ModelRow {
  return markRowModel(row, model);
}

/** The row with only the fields of `fieldList`, in that order. */
function pick(row: ModelRow, fieldList: readonly string[]): ModelRow {
  return Object.fromEntries(fieldList.map((name) => [name, row[name]]));
}

/**
 * A string argument of `get` that is a Q expression (`Q(…)`, `~Q(…)`, `(Q(…) | Q(…))`) or empty (no
 * filter), rather than a key.
 */
function looksLikeQ(text: string): boolean {
  return /^[\s~(]*Q\s*\(|^\s*$/.test(text);
}
