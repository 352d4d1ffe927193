import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import { isPlainJsonObject } from '../services/dataTypes';
import { parseAppTimeMs } from '../time/parseAppTime';
import { newTaskId } from './newTaskId';
import { resolveTaskFunction } from './resolveTaskFunction';
import type { JsonObject, NewTask } from './TaskRecord';
import { templateSettings } from './TemplateSettings';

/** The arguments of `createTimerTask`, by name. */
export interface TimerTaskSpec {
  fullName: unknown;
  startTime: unknown;
  funcName: unknown;
  taskType: unknown;
  argDict?: unknown;
}

/** The keys a request may have: a misspelt one (`argdict`) is refused, not ignored. */
const SPEC_KEYS: ReadonlyArray<string> = ['fullName', 'startTime', 'funcName', 'taskType', 'argDict'] satisfies Array<keyof TimerTaskSpec>;
const SPEC_KEY_SET: ReadonlySet<string> = new Set(SPEC_KEYS);

/**
 * A request's place in a `createTimerTasks` batch (for messages), and the (template, taskType,
 * function) triples the batch has accepted, so a batch of tasks of one template checks them once.
 */
export interface BatchPlace {
  index: number;
  accepted: Set<string>;
}

/**
 * Checks one `createTimerTask` request and builds the task to write (SPEC §7.4). Refuses an unknown
 * template, a `taskType` the template is not of, an unknown or undeclared function, an unparseable
 * time, an `argDict` that is not a plain JSON object and a key that is none of the above. Writes
 * nothing. Without an `argDict` (or with `null`) the task takes the template's default `argDict`.
 */
export function buildTimerTask(app: App, spec: TimerTaskSpec, batch?: BatchPlace): NewTask {
  for (const key in spec) {
    if (!SPEC_KEY_SET.has(key)) refuse(batch, key, `unknown key '${key}' (known: ${SPEC_KEYS.join(', ')})`);
  }
  const { fullName, taskType, funcName, startTime } = spec;
  if (typeof fullName !== 'string') return refuse(batch, 'fullName', 'fullName must be a string');
  const key = `${fullName}\n${String(taskType)}\n${String(funcName)}`;
  if (!batch?.accepted.has(key)) {
    const record = app.recordOf(fullName);
    if (record.kind !== 'Instance' || !record.typeChain.includes('tasks.Meta')) refuse(batch, 'fullName', `'${fullName}' is not a task template`);
    if (typeof taskType !== 'string' || !record.typeChain.includes(taskType) || taskType === 'tasks.Meta') {
      return refuse(batch, 'taskType', `taskType ${JSON.stringify(taskType)} does not match template '${fullName}' (of type ${record.define.type})`);
    }
    if (typeof funcName !== 'string' || funcName === '') return refuse(batch, 'funcName', 'funcName must be a non-empty string');
    resolveTaskFunction(app, fullName, funcName);
    batch?.accepted.add(key);
  }
  const due = parseAppTimeMs(startTime, app.timezone);
  if (due === null) return refuse(batch, 'startTime', `cannot parse startTime ${JSON.stringify(startTime)} (YYYY-MM-DD HH:mm:ss in the app zone, or ISO 8601)`);
  // Omitted: the template's default (SPEC §7.1), copied so that no answer shares the definition's
  // object. Through JSON, not structuredClone: that makes objects of another realm under Jest's vm.
  const argDict = spec.argDict ?? JSON.parse(JSON.stringify(templateSettings(app.recordOf(fullName).define).argDict)) as JsonObject;
  if (!isPlainJsonObject(argDict)) refuse(batch, 'argDict', 'argDict must be a plain JSON object');
  return {
    taskId: newTaskId(),
    fullName,
    taskType: taskType as string,
    funcName: funcName as string,
    argDict: argDict as JsonObject,
    dueAt: due,
    origin: 'manual',
    createdAt: app.clock.now(),
  };
}

/** Refuses a request. Where it sits is put into words only now: a batch checks 100,000 of them. */
function refuse(batch: BatchPlace | undefined, argument: string, message: string): never {
  const where = batch ? `createTimerTasks: tasks[${batch.index}]` : 'createTimerTask';
  throw new JitError('API_PARAMS_ERROR', `${where}: ${message}`, { details: { argument } });
}
