import { JitError } from '../../errors/JitError';
import type { ModelElement } from '../../models/ModelElement';
import type { ModelRow } from '../../models/ModelField';
import type { App, AppService } from '../../runtime/App';
import type { RowChange } from '../../runtime/RowHooks';
import { convertValue } from '../../services/dataTypes';
import type { TaskEngine } from '../TaskEngine';
import { taskServiceOf } from '../taskServiceOf';
import type { BackfillProgress, DeletedDateFieldTasks, SavedDateFieldTasks } from '../TaskServiceApi';
import type { JsonObject, NewTask } from '../TaskRecord';
import type { TaskQueries } from '../queries/TaskQueries';
import type { RowTaskChange, TaskStore } from '../store/TaskStore';
import { buildDateFieldTask } from './buildDateFieldTask';
import type { DateFieldSettings } from './DateFieldSettings';
import { DateFieldTemplates } from './DateFieldTemplates';
import { planDateFieldDue } from './planDateFieldDue';
import { readRowObj } from './readRowObj';

/** Rows per transaction of a backfill: large enough to be fast, small enough not to hold up model writes. */
const BACKFILL_BATCH = 5000;

/**
 * Keeps date-field tasks in step with the rows they follow (SPEC §7.2, §7.4): at most one pending
 * task per (template, row), written, moved or removed when a row is saved or deleted, and on start
 * brought in line with every row of a template that is new or changed since the last start.
 *
 * It is an app service registered before the scheduler, so the start-up backfill is done before
 * any task is claimed.
 */
export class DateFieldScheduler implements AppService {
  private readonly listeners: Array<(p: BackfillProgress) => void> = [];
  private stopping = false;

  /** Rows' tasks are written through the `engine` (which wakes for them); the bookkeeping of templates through `store`. */
  constructor(
    private readonly app: App,
    private readonly engine: TaskEngine,
    private readonly store: () => TaskStore,
    private readonly queries: () => TaskQueries,
  ) {}

  /** Subscribes to the progress of start-up backfills. */
  onProgress(listener: (p: BackfillProgress) => void): void {
    this.listeners.push(listener);
  }

  /**
   * `saveDateFieldTask`: for every enabled template bound to the row's model, makes the row's
   * pending task the one its data asks for now. With `prevData`, a template whose fields (the start
   * field and those of its filter) did not change is left alone without reading the store.
   */
  async save(rowObj: unknown): Promise<SavedDateFieldTasks> {
    const change = readRowObj(this.app, rowObj, 'saveDateFieldTask');
    const postData = change.postData ?? this.fail('saveDateFieldTask', 'rowObj.postData', 'rowObj.postData (the row as saved) is required');
    const now = this.app.clock.now();
    const changes: RowTaskChange[] = [];
    let rowData: JsonObject | undefined;
    for (const t of DateFieldTemplates.of(this.app).ofModel(change.model)) {
      if (!t.enabled || (change.prevData && !relevantChange(t, change.prevData, postData))) continue;
      // A JSON copy: what the caller passes (Dates, luxon DateTimes) is stored as it would read back.
      rowData ??= JSON.parse(JSON.stringify(postData)) as JsonObject;
      const rowId = this.rowIdOf(t, postData, 'saveDateFieldTask');
      changes.push({ fullName: t.fullName, rowId, task: this.taskFor(t, rowId, rowData, now) });
    }
    if (changes.length === 0) return { scheduled: [], removed: [] };
    const { removed, written } = await this.engine.syncRowTasks(changes);
    return { scheduled: written.map((row) => row.taskId), removed };
  }

  /** `deleteDateFieldTask`: removes the pending tasks of the row (`prevData`, else `postData`) for every template bound to its model. */
  async remove(rowObj: unknown): Promise<DeletedDateFieldTasks> {
    const change = readRowObj(this.app, rowObj, 'deleteDateFieldTask');
    const row =
      change.prevData ??
      change.postData ??
      this.fail('deleteDateFieldTask', 'rowObj.prevData', 'rowObj.prevData (the deleted row) is required');
    const changes = DateFieldTemplates.of(this.app)
      .ofModel(change.model)
      .map((t) => ({ fullName: t.fullName, rowId: this.rowIdOf(t, row, 'deleteDateFieldTask'), task: null }));
    if (changes.length === 0) return { removed: [] };
    return { removed: (await this.engine.syncRowTasks(changes)).removed };
  }

  /**
   * The app's row hook (see `App.rowHooks`): a model's write keeps the row's tasks in step, in the
   * write's transaction. A model no enabled template follows costs a lookup and nothing more.
   */
  async syncRow(change: RowChange): Promise<void> {
    if (
      !DateFieldTemplates.of(this.app)
        .ofModel(change.model)
        .some((t) => t.enabled)
    )
      return;
    // Through the element, as a host app's own code would call it: a Type that wraps
    // callFunction (logging, audit) sees the calls the model hooks make too.
    const svc = taskServiceOf(this.app);
    if (change.postData) await svc.saveDateFieldTask(change);
    else await svc.deleteDateFieldTask(change);
  }

  /**
   * Backfills every date-field template whose fingerprint (its settings and the app zone) differs
   * from the one recorded when its tasks were last brought in line, and removes the tasks of
   * templates the app no longer has.
   */
  async start(): Promise<void> {
    const store = this.store();
    const recorded = await this.queries().templateFingerprints();
    const templates = DateFieldTemplates.of(this.app).all();
    for (const t of templates) {
      const fingerprint = JSON.stringify([t, this.app.timezone]);
      if (recorded.get(t.fullName) === fingerprint) continue;
      await this.backfill(t);
      if (this.stopping) return;
      await store.setTemplateFingerprint(t.fullName, fingerprint, this.app.clock.now());
    }
    for (const fullName of recorded.keys()) {
      if (templates.some((t) => t.fullName === fullName)) continue;
      await store.deletePending({ fullName, origin: 'dateField' });
      await store.setTemplateFingerprint(fullName, null, this.app.clock.now());
    }
  }

  /** Interrupts a backfill in progress (the next start does it again). */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Gives every row of `t`'s model the pending task its data asks for (none when `t` is disabled)
   * and removes the tasks of rows that are gone, in batches of one transaction each.
   */
  private async backfill(t: DateFieldSettings): Promise<void> {
    const now = this.app.clock.now();
    const pending = await this.queries().list({
      fullName: t.fullName,
      origin: 'dateField',
      status: 'pending',
      limit: Number.MAX_SAFE_INTEGER,
    });
    const gone = new Set(pending.map((row) => row.rowId));
    const rows = t.enabled ? (await this.app.getElement<ModelElement>(t.modelPath).query()).rowDatas : [];
    const changes: RowTaskChange[] = [];
    for (const row of rows) {
      const rowId = String(row[t.keyField.name]);
      // Rows read from the model are JSON already.
      const task = this.taskFor(t, rowId, row as JsonObject, now);
      // A row without a task that gets none needs no change: most rows of a large table.
      if (task || gone.has(rowId)) changes.push({ fullName: t.fullName, rowId, task });
      gone.delete(rowId);
    }
    for (const rowId of gone) if (rowId !== null) changes.push({ fullName: t.fullName, rowId, task: null });
    const total = changes.length;
    for (let done = 0; done < total && !this.stopping; done += BACKFILL_BATCH) {
      this.emit({ fullName: t.fullName, done, total });
      await this.engine.syncRowTasks(changes.slice(done, done + BACKFILL_BATCH));
    }
    if (total > 0 && !this.stopping) this.emit({ fullName: t.fullName, done: total, total });
  }

  private taskFor(t: DateFieldSettings, rowId: string, rowData: JsonObject, now: number): NewTask | null {
    const due = planDateFieldDue(t, rowData, this.app.timezone, now);
    return due === null ? null : buildDateFieldTask(t, rowId, rowData, due, now);
  }

  /** The row's key as a task's `rowId`. */
  private rowIdOf(t: DateFieldSettings, row: ModelRow, where: string): string {
    const key = row[t.keyField.name];
    if (key === undefined || key === null || !convertValue(t.keyField.dataType, key, this.app.timezone).ok) {
      return this.fail(
        where,
        `rowObj.${t.keyField.name}`,
        `the row has no valid key '${t.keyField.name}' (${t.keyField.dataType}) of model ${t.modelPath}`,
      );
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a key that converts is a string, a number or a data type object, whose toString is its value's text
    return String(key);
  }

  private fail(where: string, argument: string, message: string): never {
    throw new JitError('API_PARAMS_ERROR', `${where}: ${message}`, { details: { argument } });
  }

  private emit(p: BackfillProgress): void {
    for (const l of this.listeners) l(p);
  }
}

/** True when a field `t` depends on (its start field, or one its filter names) differs between the two rows. */
function relevantChange(t: DateFieldSettings, before: ModelRow, after: ModelRow): boolean {
  const differs = (key: string): boolean => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null);
  return differs(t.startField) || Object.keys(t.filter).some(differs);
}
