import { DatabaseElement } from '../databases/DatabaseElement';
import { JitError } from '../errors/JitError';
import { ElementBase } from '../runtime/ElementBase';
import type { ElementDefine } from '../runtime/ElementDefinition';
import type { RowChange } from '../runtime/RowHooks';
import { convertValue, isPlainJsonObject } from '../services/dataTypes';
import type { ModelField, ModelRow } from './ModelField';
import type { ModelTable } from './ModelTable';
import { modelTableName } from './modelTableName';
import { openModelTable } from './openModelTable';
import { validateModelDefine, type ModelDefineProblem } from './validateModelDefine';

/**
 * What `afterSave` and `afterDelete` receive (and `services.TaskSvc.saveDateFieldTask` takes): the
 * model, the row after the write (null after a delete) and before it (null after a create), both
 * kept by the runtime.
 */
export interface ModelRowChange extends RowChange {
  postData: ModelRow | null;
  prevData: ModelRow | null;
}

/** The model each row object handed out came from, so `saveDateFieldTask` can take a bare row. */
const rowModels = new WeakMap<ModelRow, string>();

/**
 * The class of the `models` family (the module of `models.Meta`): a model stored as one table of
 * its database (`db`, default the app's default database), an SQLite one (`databases.SqliteType`)
 * or a PostgreSQL one (`databases.PgSqlType`), with the same behaviour. The table is created, or
 * given the columns of new fields, on first use.
 *
 * Every write (`create`, `update`, `delete`) and its `afterSave`/`afterDelete` hook run in one
 * transaction of that database: when the hook throws, the write is rolled back and the call
 * rejects with the hook's error. What the hook writes to the same database (another model, the
 * task store) is part of that transaction. Values are checked and converted by dataType before
 * anything is written.
 */
export class ModelElement extends ElementBase {
  /** The table once its schema is known to be in place (committed). */
  private table: ModelTable | null = null;

  /** The fullName of the model a row object was returned by (create, get, update, delete, query), if any. */
  static modelOf(row: ModelRow): string | undefined {
    return rowModels.get(row);
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
   * @throws JitError `API_PARAMS_ERROR` naming the field for an unknown field or a bad value, a
   *   missing or already used key, or a given `id` the database would assign.
   */
  async create(data: Record<string, unknown>): Promise<ModelRow> {
    const table = await this.open();
    const values = this.toValues(table, data, 'create');
    const keyName = table.key.name;
    if (table.autoKey && keyName in values) this.fail('create', `'${keyName}' is assigned by the database`, keyName);
    if (!table.autoKey && (values[keyName] ?? null) === null) this.fail('create', `missing primary key '${keyName}'`, keyName);
    return table.transaction(async () => {
      const row =
        (await table.insert(values)) ??
        this.fail('create', `a row with ${keyName} ${JSON.stringify(values[keyName])} already exists`, keyName);
      const postData = this.handOut(row);
      await this.afterSave({ model: this.fullName, postData, prevData: null });
      return postData;
    });
  }

  /** The row with key `id`, or null. */
  async get(id: unknown): Promise<ModelRow | null> {
    const table = await this.open();
    const row = await table.find(this.toKey(table, id, 'get'));
    return row && this.handOut(row);
  }

  /**
   * Sets the fields of `patch` (null clears one) on the row with key `id` and returns it as stored.
   * The key may appear in `patch` (a whole row passed back) but cannot change.
   *
   * @throws JitError `API_PARAMS_ERROR` for an unknown field, a bad value, a changed key, or no row with that key.
   */
  async update(id: unknown, patch: Record<string, unknown>): Promise<ModelRow> {
    const table = await this.open();
    const key = this.toKey(table, id, 'update');
    const values = this.toValues(table, patch, 'update');
    const keyName = table.key.name;
    if (keyName in values) {
      if (values[keyName] !== key) this.fail('update', `the key '${keyName}' cannot change`, keyName);
      delete values[keyName];
    }
    return table.transaction(async () => {
      const prevData = this.handOut((await table.find(key, true)) ?? this.noRow(table, 'update', key));
      const postData = this.handOut((await table.update(key, values))!);
      await this.afterSave({ model: this.fullName, postData, prevData });
      return postData;
    });
  }

  /**
   * Deletes the row with key `id` and returns it as it was.
   *
   * @throws JitError `API_PARAMS_ERROR` when there is no row with that key.
   */
  async delete(id: unknown): Promise<ModelRow> {
    const table = await this.open();
    const key = this.toKey(table, id, 'delete');
    return table.transaction(async () => {
      const prevData = this.handOut((await table.find(key, true)) ?? this.noRow(table, 'delete', key));
      await table.delete(key);
      await this.afterDelete({ model: this.fullName, postData: null, prevData });
      return prevData;
    });
  }

  /**
   * The rows whose fields (or key) equal every `field: value` of `filter`, values read as on write
   * (`null` matches rows without a value), in insertion order. No filter: every row.
   *
   * @throws JitError `API_PARAMS_ERROR` for an unknown field or a bad value.
   */
  async query(filter: Record<string, unknown> = {}): Promise<ModelRow[]> {
    const table = await this.open();
    return (await table.query(this.toValues(table, filter, 'query'))).map((row) => this.handOut(row));
  }

  /**
   * Called after a row was created or updated, inside the write's transaction: throwing rolls the
   * write back. Model classes override it to react to saves; they must call `super.afterSave`,
   * which publishes the change to the app's `rowHooks` (the task service keeps the row's
   * date-field tasks in step there; in the same transaction when the task store is in this
   * model's database).
   */
  async afterSave(rowObj: ModelRowChange): Promise<void> {
    await this.app.rowHooks.run(rowObj);
  }

  /** Called after a row was deleted, inside the transaction, like {@link afterSave}; its hooks remove the row's date-field tasks. */
  async afterDelete(rowObj: ModelRowChange): Promise<void> {
    await this.app.rowHooks.run(rowObj);
  }

  /** Remembers which model `row` came from, and returns it. */
  private handOut(row: ModelRow): ModelRow {
    rowModels.set(row, this.fullName);
    return row;
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

  /** `data`'s values checked and converted by their field's dataType; `undefined` values are left out. */
  private toValues(table: ModelTable, data: unknown, action: string): Record<string, unknown> {
    if (!convertValue('JitDict', data, this.app.timezone).ok) this.fail(action, 'expected a plain object of field values');
    const key = table.key;
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
      if (value === undefined) continue;
      const field = name === key.name ? key : this.fields.find((f) => f.name === name);
      if (!field) this.fail(action, `unknown field '${name}'`, name);
      values[name] = value === null ? null : this.convert(field, value, action);
    }
    return values;
  }

  private toKey(table: ModelTable, id: unknown, action: string): unknown {
    const key = table.key;
    if (id === undefined || id === null) this.fail(action, `missing ${key.name}`, key.name);
    return this.convert(key, id, action);
  }

  private convert(field: ModelField, value: unknown, action: string): unknown {
    const converted = convertValue(field.dataType, value, this.app.timezone, { maxLength: field.maxLength });
    if (!converted.ok) return this.fail(action, `field '${field.name}' (${field.dataType}): ${converted.reason}`, field.name);
    // Stored as JSON text: what would not survive JSON unchanged (a Date, NaN, a class) is refused.
    const json = field.dataType === 'JitDict' || field.dataType === 'JitList';
    if (json && !isPlainJsonObject({ value: converted.value })) {
      this.fail(
        action,
        `field '${field.name}' (${field.dataType}): expected JSON values only (strings, finite numbers, booleans, null, arrays, plain objects)`,
        field.name,
      );
    }
    return converted.value;
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
