import { ReservedConnections } from '../../db/ReservedConnections';
import { JitError } from '../../errors/JitError';
import type { App } from '../../runtime/App';
import { formatAppTime } from '../../time/formatAppTime';
import type { TimerHandle } from '../../time/Clock';
import { runInTaskContext, type TaskContext } from '../currentTask';
import { currentRowData } from '../dateField/currentRowData';
import { resolveTaskFunction } from '../resolveTaskFunction';
import { RunAbort } from '../RunAbort';
import type { JsonObject, JsonValue, TaskErrorInfo, TaskOutcome, TaskRow } from '../TaskRecord';
import type { TaskRunView } from '../TaskRunView';
import type { TemplateSettings } from '../TemplateSettings';
import { storableJson, storableText } from './storableJson';
import { templateHooks } from './templateHooks';
import type * as OpenTelemetryApi from '@opentelemetry/api';

/** How a run's function ended, and what the end of the run needs to know of it. */
export interface RunResult {
  outcome: TaskOutcome;
  /** A date-field task found its row in the model when it started (see `RunFinisher`). */
  ranWithModelRow: boolean;
  /**
   * False when the function was never called: the run was given up (`mayStart` said no) while its
   * model row was read. `outcome` then says so, but the run is to be given back, not ended.
   */
  started: boolean;
}

/** One run in progress: its stop switch, its result to come, and its timeout to cancel. */
export interface Execution {
  abort: RunAbort;
  /** Settles when the function returns or throws, or when the run times out. */
  result: Promise<RunResult>;
  /** Cancels the timeout, so a run given up at shutdown keeps no timer (and no process) alive. */
  stopTimer(): void;
}

/**
 * Runs one claimed task: resolves its function, calls it with the task's arguments inside its
 * `currentTask()` context, and bounds it by its timeout. The function's own errors are outcomes;
 * nothing here writes to the database.
 */
export class RunExecutor {
  constructor(
    private readonly app: App,
    private readonly defaultTimeoutMs: number,
  ) {}

  /**
   * Starts running `row` (its template's settings, or undefined when the app no longer has it).
   * A date-field task reads its model row first, which lets other work run for any time (a blocked
   * loop): `mayStart` is asked after the read, and the function is called only if it says yes.
   */
  execute(row: TaskRow, template: TemplateSettings | undefined, mayStart: () => boolean = () => true): Execution {
    const abort = new RunAbort();
    const ctx: TaskContext = {
      taskId: row.taskId,
      fullName: row.fullName,
      scheduledTime: formatAppTime(row.dueAt, this.app.timezone),
      attempt: row.attempt,
      argDict: row.argDict,
      get signal() {
        return abort.signal;
      },
      app: this.app,
    };
    let timer: TimerHandle | undefined;
    const timeoutMs = template?.timeoutMs ?? this.defaultTimeoutMs;
    const timedOut = new Promise<RunResult>((resolve) => {
      timer = this.app.clock.setTimer(() => {
        abort.abort('timeout');
        resolve({
          outcome: { status: 'timeout', error: { message: `timed out after ${timeoutMs / 1000} s` } },
          ranWithModelRow: false,
          started: true,
        });
      }, timeoutMs);
    });
    const call = (): Promise<RunResult> => this.call(row, template, ctx, mayStart);
    const ran = otel ? this.traced(otel, row, call, timedOut) : call();
    const result = Promise.race([ran, timedOut]).finally(() => timer?.cancel());
    return { abort, result, stopTimer: () => timer?.cancel() };
  }

  /**
   * Runs `call` inside a span `process <template>` (the function's own spans become its children),
   * ended when the run ends, by its function or its timeout, with status error unless it completed.
   */
  private traced(api: OpenTelemetry, row: TaskRow, call: () => Promise<RunResult>, timedOut: Promise<RunResult>): Promise<RunResult> {
    const options = { kind: api.SpanKind.CONSUMER, attributes: { 'jittask.task.id': row.taskId, 'jittask.task.attempt': row.attempt } };
    const span = api.trace.getTracer('jittask').startSpan(`process ${row.fullName}`, options);
    // No SDK registered: the span records nothing, and the run needs no context of its own.
    if (!span.isRecording()) return call();
    const ran = api.context.with(api.trace.setSpan(api.context.active(), span), call);
    void Promise.race([ran, timedOut]).then(({ outcome }) => {
      if (outcome.status !== 'completed') span.setStatus({ code: api.SpanStatusCode.ERROR, message: outcome.error?.message });
      span.end();
    });
    return ran;
  }

  private async call(row: TaskRow, template: TemplateSettings | undefined, ctx: TaskContext, mayStart: () => boolean): Promise<RunResult> {
    let ranWithModelRow = false;
    try {
      // A task written before its template was removed from the app fails instead of running.
      if (!template) throw new JitError('ELEMENT_NOT_FOUND', `template '${row.fullName}' no longer exists`, { fullName: row.fullName });
      // A template whose class overrides handle or getFunc runs through them; any other calls its
      // function directly, as the default handle would (decided once per template).
      const hooks = templateHooks(this.app, row.fullName);
      const fn = hooks.handles ? null : resolveTaskFunction(this.app, row.fullName, row.funcName);
      // The scheduler's own read, on its reserved connections: task code filling the pool must not hold the start up.
      const current = row.origin === 'dateField' ? await ReservedConnections.run(() => currentRowData(this.app, row)) : null;
      if (row.origin === 'dateField' && !mayStart()) {
        return {
          outcome: { status: 'error', error: { message: 'given up before its function started' } },
          ranWithModelRow: false,
          started: false,
        };
      }
      ranWithModelRow = current !== null;
      if (!fn) {
        const rowData = current ?? (row.origin === 'dateField' ? (row.argDict.rowData as JsonObject | undefined) : undefined);
        const task: TaskRunView = {
          taskId: ctx.taskId,
          fullName: ctx.fullName,
          scheduledTime: ctx.scheduledTime,
          attempt: ctx.attempt,
          argDict: ctx.argDict,
          get signal() {
            return ctx.signal;
          },
          app: ctx.app,
          funcName: row.funcName,
          taskType: row.taskType,
          ...(rowData === undefined ? {} : { rowData }),
        };
        const value = await runInTaskContext(ctx, () => hooks.element!.handle(task));
        return { outcome: { status: 'completed', result: toJson(value) }, ranWithModelRow, started: true };
      }
      const args = current ? { rowData: current } : row.argDict;
      // JitAi calls an Inner date-field function with the row itself, `customFunc(rowData)`; a
      // Global one takes its arguments by name through callFunction.
      const first = row.origin === 'dateField' && !fn.declared ? (args.rowData as JsonObject) : args;
      const value = await runInTaskContext(ctx, () => fn(first, ctx));
      return { outcome: { status: 'completed', result: toJson(value) }, ranWithModelRow, started: true };
    } catch (err) {
      return { outcome: { status: 'error', error: errorInfo(err) }, ranWithModelRow, started: true };
    }
  }
}

type OpenTelemetry = typeof OpenTelemetryApi;

/**
 * OpenTelemetry's API when it is installed (prom-client depends on it), else null: runs are traced
 * only where an SDK has been registered with it; without one its tracer is a no-op that costs
 * next to nothing.
 */
const otel = ((): OpenTelemetry | null => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@opentelemetry/api') as OpenTelemetry;
  } catch {
    return null;
  }
})();

/**
 * What a task returned, as JSON (undefined → null) that every database stores (see
 * {@link storableJson}); something that is not JSON fails the task.
 */
function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error('the task returned a value that is not JSON-serialisable');
  return storableJson(JSON.parse(text) as JsonValue, text);
}

/**
 * What a task threw, as text every database stores. Anything may be thrown, and reading it may
 * throw again (a getter, an object without a string form): the task still ends.
 */
function errorInfo(err: unknown): TaskErrorInfo {
  try {
    if (err instanceof Error) {
      const stack = typeof err.stack === 'string' ? storableText(err.stack) : undefined;
      return { message: storableText(String(err.message)), ...(stack === undefined ? {} : { stack }) };
    }
    return { message: storableText(String(err)) };
  } catch {
    return { message: 'the task threw a value that cannot be shown as text' };
  }
}
