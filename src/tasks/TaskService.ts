import { isOutcomeUnknown } from '../db/isOutcomeUnknown';
import { JitError } from '../errors/JitError';
import { DatabaseElement } from '../databases/DatabaseElement';
import type { App } from '../runtime/App';
import { isPlainObject } from '../services/plainJson';
import { formatAppTime } from '../time/formatAppTime';
import { parseAppTime } from '../time/parseAppTime';
import { buildTemporaryTask } from './buildTemporaryTask';
import { buildTimerTask, type BatchPlace, type TimerTaskSpec } from './buildTimerTask';
import { DateFieldScheduler } from './dateField/DateFieldScheduler';
import { listTaskTemplates, type TaskTemplateItem } from './listTaskTemplates';
import { presentTask, type TaskRecordView } from './presentTask';
import { TaskEngine } from './TaskEngine';
import type { TaskEvent } from './TaskEvent';
import { TASK_STATUSES, type NewTask, type TaskFilter, type TaskRow, type TaskStatus } from './TaskRecord';
import type { SchedulerSettings } from './SchedulerSettings';
import type {
  BackfillProgress,
  CreatedTask,
  DeletedDateFieldTasks,
  ForcedEndAnswer,
  SavedDateFieldTasks,
  TaskPageView,
  TaskServiceApi,
  TemplatePauseAnswer,
  WorkerView,
} from './TaskServiceApi';
import { openTaskQueries } from './queries/openTaskQueries';
import type { TaskPageFilter, TaskQueries } from './queries/TaskQueries';
import { openTaskStore } from './store/openTaskStore';

/**
 * The most tasks one `listTasks` call returns: a listing is a page to look at, and a larger number
 * (up to 2^63, which the databases cannot even bind) would only read the whole table.
 */
const MAX_LIST_LIMIT = 10_000;

/** Tasks of a page when no limit is asked for: as many as a listing gives. */
const DEFAULT_PAGE_LIMIT = 100;

/** How often one create call writes its tasks at most: once, and again after failures whose outcome was unknown. */
const MAX_CREATE_WRITES = 3;

/** Keyed tasks looked up at once: a batch of many keys does not queue all its lookups on the pool. */
const LOOKUPS_AT_ONCE = 100;

/**
 * The idempotency key of `createTimerTask`'s `options` (`{ key }`), or undefined without one; the
 * key itself is checked with the rest of the request.
 *
 * @throws JitError `API_PARAMS_ERROR` for options that are not an object, or have another key.
 */
function readCreateOptions(options: unknown): unknown {
  if (options === undefined || options === null) return undefined;
  if (!isPlainObject(options)) {
    throw new JitError('API_PARAMS_ERROR', 'createTimerTask: options must be an object ({ key })', { details: { argument: 'options' } });
  }
  for (const name of Object.keys(options)) {
    if (name !== 'key') {
      throw new JitError('API_PARAMS_ERROR', `createTimerTask: unknown option '${name}' (known: key)`, {
        details: { argument: `options.${name}` },
      });
    }
  }
  return (options as { key?: unknown }).key;
}

/** A listing filter as {@link TaskService} reads it: the store's, with a cursor and a search text. */
type ListFilter = TaskFilter & { cursor?: string; q?: string };

/**
 * The behaviour of `services.TaskSvc`: one per app, owning the app's {@link TaskEngine}. The
 * element's methods delegate here after `callFunction` has validated their arguments. Reads go to
 * the read model ({@link TaskQueries}); writes to the engine, which wakes for what they change.
 */
export class TaskService implements TaskServiceApi {
  private constructor(
    private readonly app: App,
    /** The scheduler: the task wing's own. Code outside src/tasks sees {@link TaskServiceApi}, which has no engine. */
    readonly engine: TaskEngine,
    /** The date-field service: the wing's own, like {@link engine}. */
    readonly dateFields: DateFieldScheduler,
    private readonly openQueries: () => TaskQueries,
  ) {}

  /**
   * Opens the task store on the app's default database and registers the scheduler with the app,
   * after the date-field service: a start-up backfill brings rows' tasks in line before any is
   * claimed. The date-field sync subscribes to the app's row hooks first, so no write made while
   * the services start goes unseen.
   */
  static async start(app: App): Promise<TaskService> {
    const database = (): DatabaseElement => app.getElement<DatabaseElement>(DatabaseElement.defaultName(app));
    const store = () => openTaskStore(database());
    const queries = () => openTaskQueries(database());
    const engine = new TaskEngine(app, store, queries);
    const dateFields = new DateFieldScheduler(app, engine, store, queries);
    app.rowHooks.add((change) => dateFields.syncRow(change));
    await app.addService(dateFields);
    await app.addService(engine);
    return new TaskService(app, engine, dateFields, queries);
  }

  /** The read model of the app's tasks (opened on first use): every read of tasks, their history, pauses and workers. */
  get queries(): TaskQueries {
    return this.openQueries();
  }

  get workerId(): string {
    return this.engine.workerId;
  }

  get settings(): SchedulerSettings {
    return this.engine.settings;
  }

  get runningCount(): number {
    return this.engine.runningCount;
  }

  onEvent(listener: (e: TaskEvent) => void): void {
    this.engine.onEvent(listener);
  }

  onCreated(listener: (fullName: string) => void): void {
    this.engine.onCreated(listener);
  }

  onBackfillProgress(listener: (p: BackfillProgress) => void): void {
    this.dateFields.onProgress(listener);
  }

  async getTaskTmplList(queryStr: string): Promise<TaskTemplateItem[]> {
    return listTaskTemplates(this.app, queryStr, await this.queries.pausedTemplates());
  }

  /**
   * Pauses a template for every process sharing the database: its tasks (series occurrences and
   * timer tasks alike) are not claimed and stay pending, listed as overdue once late, until
   * {@link resumeTemplate}. A run already under way is not stopped.
   *
   * @throws JitError `ELEMENT_NOT_FOUND` for an unknown element, `API_PARAMS_ERROR` for one that is not a task template.
   */
  async pauseTemplate(fullName: string): Promise<TemplatePauseAnswer> {
    this.checkTemplate(fullName, 'pauseTemplate');
    const changed = await this.engine.pauseTemplate(fullName);
    return { fullName, paused: true, changed };
  }

  /**
   * Lifts a pause: the template's waiting tasks are due at once (a series' overdue occurrence runs
   * once, then the series goes on from now). This process looks for them at once; others within
   * their poll interval, or at once on PostgreSQL.
   *
   * @throws JitError as {@link pauseTemplate}.
   */
  async resumeTemplate(fullName: string): Promise<TemplatePauseAnswer> {
    this.checkTemplate(fullName, 'resumeTemplate');
    const changed = await this.engine.resumeTemplate(fullName);
    return { fullName, paused: false, changed };
  }

  /**
   * Creates one timer task. `options.key`, an idempotency key, makes a retried call safe: a call
   * with a key that created a task already answers that task (as it was created) and writes nothing.
   */
  async createTimerTask(spec: TimerTaskSpec, options?: unknown): Promise<CreatedTask> {
    const key = readCreateOptions(options);
    const task = buildTimerTask(this.app, key === undefined ? spec : { ...spec, key });
    // The key was checked with the request: a string.
    const [answer] = await this.writeCreated('createTimerTask', [task], [key as string | undefined]);
    return this.created(answer!);
  }

  /**
   * Creates many tasks in one transaction: all are checked first, and either all are written or
   * none. A task may have a `key`, as `createTimerTask`'s `options.key`.
   */
  async createTimerTasks(specs: unknown[]): Promise<CreatedTask[]> {
    const batch: BatchPlace = { index: 0, accepted: new Map(), keys: new Map() };
    const tasks = specs.map((spec, i) => {
      if (!isPlainObject(spec)) {
        throw new JitError('API_PARAMS_ERROR', `createTimerTasks: tasks[${i}] must be an object`, { details: { argument: `tasks[${i}]` } });
      }
      batch.index = i;
      return buildTimerTask(this.app, spec as unknown as TimerTaskSpec, batch);
    });
    const keys: Array<string | undefined> = [];
    for (const [key, i] of batch.keys) keys[i] = key;
    const answers = await this.writeCreated('createTimerTasks', tasks, keys);
    return answers.map((r) => this.created(r));
  }

  /**
   * Creates one temporary task (`tasks.TemporaryType`): `func` called with `argDict` at
   * `startTime` (default now), once. Inside a caller's transaction (a model hook's, or
   * `db.transaction`) it is written in that transaction: if the caller rolls back, no task exists.
   */
  async createTemporaryTask(func: unknown, argDict?: unknown, startTime?: unknown): Promise<string> {
    const task = buildTemporaryTask(this.app, func, argDict, startTime);
    const [answer] = await this.writeCreated('createTemporaryTask', [task], []);
    return answer!.taskId;
  }

  /**
   * Writes the tasks of one create call (all or none, with the calls grouped with it) and answers
   * what the database holds, each task as it was first created. Task ids are made before the write
   * (from the key, for a task with one), so the database can tell:
   * - a task whose key created one already is not written again: that task is the answer;
   * - a write that failed may have been committed all the same (the answer to COMMIT was lost), or
   *   have lost a race with a call of the same key: the ids are looked up, and what is there is the
   *   answer; what is not is written again, if the failure left the outcome unknown.
   * Called inside a transaction (a model hook's), nothing is committed before the caller's commit,
   * so a failure is the answer.
   *
   * @param call - The call that creates them, for messages.
   * @param keys - The idempotency key of each task that has one, at its index.
   */
  private async writeCreated(
    call: 'createTimerTask' | 'createTimerTasks' | 'createTemporaryTask',
    tasks: NewTask[],
    keys: ReadonlyArray<string | undefined>,
  ): Promise<Array<NewTask | TaskRow>> {
    const answers = new Map<string, NewTask | TaskRow>();
    const keyOf = new Map<string, { key: string; index: number }>();
    tasks.forEach((task, index) => {
      const key = keys[index];
      if (key !== undefined) keyOf.set(task.taskId, { key, index });
    });
    /** Looks up the keyed tasks among `candidates`: each found is the answer to its key (of the same template). */
    const findKeyed = async (candidates: NewTask[]): Promise<number> => {
      let found = 0;
      const keyed = candidates.filter((task) => keyOf.has(task.taskId));
      for (let start = 0; start < keyed.length; start += LOOKUPS_AT_ONCE) {
        const rows = await Promise.all(keyed.slice(start, start + LOOKUPS_AT_ONCE).map((task) => this.queries.get(task.taskId)));
        rows.forEach((row, i) => {
          const task = keyed[start + i]!;
          if (!row) return;
          if (row.fullName !== task.fullName) {
            const { key, index } = keyOf.get(task.taskId)!;
            const where = call === 'createTimerTask' ? call : `${call}: tasks[${index}]`;
            throw new JitError(
              'API_PARAMS_ERROR',
              `${where}: key ${JSON.stringify(key)} created task ${row.taskId} of template ${row.fullName}, not of ${task.fullName}`,
              { details: { argument: call === 'createTimerTask' ? 'options.key' : 'key' } },
            );
          }
          answers.set(task.taskId, row);
          found++;
        });
      }
      return found;
    };

    if (keyOf.size > 0) await findKeyed(tasks);
    let rest = tasks.filter((task) => !answers.has(task.taskId));
    for (let written = 1; rest.length > 0; written++) {
      try {
        for (const row of await this.engine.insert(rest)) answers.set(row.taskId, row);
        break;
      } catch (err) {
        // Only a failure of the database itself can hide a write; inside a caller's transaction
        // nothing is committed before the caller's commit.
        if (!JitError.is(err, 'DATABASE_ERROR') || written >= MAX_CREATE_WRITES || this.engine.inTransaction()) throw err;
        let found: number;
        try {
          // One transaction wrote all of `rest` or none: a task without a key, which no other call
          // can have written, tells which. Keyed ones are looked up one by one: another call of the
          // same key may have written them.
          const witness = rest.find((task) => !keyOf.has(task.taskId));
          if (witness && (await this.queries.get(witness.taskId))) {
            for (const task of rest) answers.set(task.taskId, task);
            found = rest.length;
          } else found = await findKeyed(rest);
        } catch (lookup) {
          if (JitError.is(lookup, 'API_PARAMS_ERROR')) throw lookup;
          throw err; // the database cannot tell either: the outcome stays unknown
        }
        if (found === 0 && !isOutcomeUnknown(err)) throw err;
        // Written, but not answered by the write: the scheduler may not know of them yet.
        if (found > 0) this.engine.wakeNow();
        rest = rest.filter((task) => !answers.has(task.taskId));
      }
    }
    return tasks.map((task) => answers.get(task.taskId)!);
  }

  async forcedEnd(taskId: string): Promise<ForcedEndAnswer> {
    const row = await this.queries.get(taskId);
    if (!row) throw new JitError('TASK_NOT_FOUND', `no task '${taskId}'`);
    if (row.status === 'forcedEnd') return this.earlierForcedEnd(row);
    if (row.status !== 'pending' && row.status !== 'running') {
      throw new JitError('TASK_ALREADY_FINISHED', `task '${taskId}' already ended as ${row.status}`);
    }
    const ended = await this.engine.forceEnd(taskId);
    if (!ended.changed) return this.forcedEnd(taskId); // it ended meanwhile: answer for its final state
    return {
      taskId,
      status: 'forcedEnd',
      previousStatus: ended.previousStatus,
      ...(ended.nextTaskId ? { nextTaskId: ended.nextTaskId } : {}),
    };
  }

  async saveDateFieldTask(rowObj: unknown): Promise<SavedDateFieldTasks> {
    return this.dateFields.save(rowObj);
  }

  async deleteDateFieldTask(rowObj: unknown): Promise<DeletedDateFieldTasks> {
    return this.dateFields.remove(rowObj);
  }

  /** The live processes of the app (SPEC: a heartbeat fresher than a lease), freshest first, times in the app zone. */
  async listWorkers(): Promise<WorkerView[]> {
    const zone = this.app.timezone;
    return (await this.engine.listWorkers()).map((w) => ({
      workerId: w.workerId,
      host: w.host,
      pid: w.pid,
      startedAt: formatAppTime(w.startedAt, zone),
      lastBeat: formatAppTime(w.lastBeat, zone),
      running: w.running,
      self: w.workerId === this.engine.workerId,
    }));
  }

  async getTask(taskId: string): Promise<TaskRecordView> {
    const row = await this.queries.get(taskId);
    if (!row) throw new JitError('TASK_NOT_FOUND', `no task '${taskId}'`);
    return this.present(row, await this.queries.history(taskId));
  }

  /** Tasks, newest due first: by `offset`, or by the `cursor` of a page of {@link pageTasks}, or searched with `q`. */
  async listTasks(filter: Record<string, unknown>): Promise<TaskRecordView[]> {
    const read = this.readFilter(filter);
    if (read.cursor !== undefined || read.q !== undefined) return (await this.page(read)).tasks;
    const rows = await this.queries.list(read);
    return rows.map((r) => this.present(r));
  }

  /**
   * A page of tasks, newest due first, with the cursor of the next one: key-based, so a deep page
   * costs what the first does. `q` matches a task id prefix or text inside `argDict`.
   */
  async pageTasks(filter: Record<string, unknown>): Promise<TaskPageView> {
    return this.page(this.readFilter(filter));
  }

  private async page(filter: ListFilter): Promise<TaskPageView> {
    if (filter.offset !== undefined) {
      throw new JitError('API_PARAMS_ERROR', 'listTasks: offset cannot be combined with cursor or q: a page goes on from its cursor', {
        details: { argument: 'offset' },
      });
    }
    const { offset: _offset, origin: _origin, ...rest } = filter;
    const pageFilter: TaskPageFilter = { ...rest, limit: filter.limit ?? DEFAULT_PAGE_LIMIT };
    const page = await this.queries.page(pageFilter);
    return { tasks: page.rows.map((r) => this.present(r)), nextCursor: page.nextCursor };
  }

  /** @throws JitError `ELEMENT_NOT_FOUND` (with suggestions) or `API_PARAMS_ERROR` when `fullName` is not a task template. */
  private checkTemplate(fullName: string, call: string): void {
    const define = this.app.getElementDefine(fullName);
    if (!this.app.findElementsDefine('tasks.Meta.type').some((d) => d.fullName === define.fullName)) {
      throw new JitError('API_PARAMS_ERROR', `${call}: ${fullName} is not a task template`, {
        fullName,
        details: { argument: 'fullName' },
      });
    }
  }

  private readFilter(raw: Record<string, unknown>): ListFilter {
    const fail = (key: string, message: string): never => {
      throw new JitError('API_PARAMS_ERROR', `listTasks: ${key} ${message}`, { details: { argument: key } });
    };
    const filter: ListFilter = {};
    for (const [key, value] of Object.entries(raw)) {
      if (value === undefined || value === null) continue;
      switch (key) {
        case 'fullName':
        case 'rowId':
        case 'cursor':
        case 'q':
          if (typeof value !== 'string') fail(key, 'must be a string');
          filter[key] = value as string;
          break;
        case 'status':
          if (!TASK_STATUSES.includes(value as TaskStatus)) fail(key, `must be one of ${TASK_STATUSES.join(', ')}`);
          filter.status = value as TaskStatus;
          break;
        case 'from':
        case 'to': {
          const t = parseAppTime(value, this.app.timezone);
          if (!t) fail(key, 'is not a time');
          filter[key] = t!.toMillis();
          break;
        }
        case 'limit':
          if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_LIST_LIMIT) {
            fail(key, `must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${describeValue(value)}`);
          }
          filter.limit = value as number;
          break;
        case 'offset':
          if (!Number.isSafeInteger(value) || (value as number) < 0)
            fail(key, `must be a non-negative safe integer, got ${describeValue(value)}`);
          filter.offset = value as number;
          break;
        default:
          fail(key, 'is not a filter key (fullName, rowId, status, from, to, q, limit, offset, cursor)');
      }
    }
    return filter;
  }

  /**
   * The answer of the call that force-ended it, rebuilt from the store (which keeps no copy of it):
   * it was running when a `started` entry of the same attempt comes just before `forcedEnd` in its
   * history, and its series' next occurrence is the one written in the same transaction, so
   * created at the instant it was force-ended.
   */
  private async earlierForcedEnd(row: TaskRow): Promise<ForcedEndAnswer> {
    const history = await this.queries.history(row.taskId);
    const index = history.findIndex((h) => h.event === 'forcedEnd');
    const entry = history[index];
    const before = history[index - 1];
    const previousStatus = entry && before?.event === 'started' && before.attempt === entry.attempt ? 'running' : 'pending';
    let nextTaskId: string | undefined;
    if (entry && row.origin !== 'manual') {
      // Newest due first: the last one created at that instant is the earliest, the one written then.
      // A yearly date-field task's next anniversary is the one of the same row.
      const rowId = row.rowId ?? undefined;
      const later = await this.queries.list({
        fullName: row.fullName,
        origin: row.origin,
        rowId,
        from: entry.at,
        limit: Number.MAX_SAFE_INTEGER,
      });
      nextTaskId = later.filter((t) => t.createdAt === entry.at && t.taskId !== row.taskId).at(-1)?.taskId;
    }
    return { taskId: row.taskId, status: 'forcedEnd', previousStatus, ...(nextTaskId ? { nextTaskId } : {}) };
  }

  private present(row: TaskRow, history?: Parameters<typeof presentTask>[4]): TaskRecordView {
    return presentTask(row, this.app.timezone, this.app.clock.now(), this.engine.settings.overdueToleranceMs, history);
  }

  /** Formats only the one time the answer shows: a batch of 100,000 spent a fifth of its time on the rest. */
  private created(row: NewTask | TaskRow): CreatedTask {
    const startTime = formatAppTime(row.dueAt, this.app.timezone);
    return {
      taskId: row.taskId,
      fullName: row.fullName,
      taskType: row.taskType,
      funcName: row.funcName,
      startTime,
      status: 'pending',
      argDict: row.argDict,
    };
  }
}

/** A value as an error message shows it: its JSON, or its type for what JSON cannot write (a function, a symbol, undefined). */
function describeValue(value: unknown): string {
  return JSON.stringify(value) ?? typeof value;
}
