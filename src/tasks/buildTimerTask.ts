import { newTaskId } from './newTaskId';
import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import { isPlainJsonObject } from '../services/dataTypes';
import { parseAppTimeMs } from '../time/parseAppTime';
import { resolveTaskFunction } from './resolveTaskFunction';
import type { JsonObject, NewTask } from './TaskRecord';

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
 * Checks one `createTimerTask` request and builds the task to write (SPEC §7.4). Refuses an unknown
 * template, a `taskType` the template is not of, an unknown or undeclared function, an unparseable
 * time, an `argDict` that is not a plain JSON object and a key that is none of the above. Writes
 * nothing. `checked` remembers the (template, taskType, function) triples already accepted, so a
 * batch of tasks of one template checks them once.
 */
export function buildTimerTask(app: App, spec: TimerTaskSpec, where = 'createTimerTask', checked?: Set<string>): NewTask {
  const fail = (argument: string, message: string): never => {
    throw new JitError('API_PARAMS_ERROR', `${where}: ${message}`, { details: { argument } });
  };
  for (const key of Object.keys(spec)) {
    if (!SPEC_KEY_SET.has(key)) fail(key, `unknown key '${key}' (known: ${SPEC_KEYS.join(', ')})`);
  }
  if (typeof spec.fullName !== 'string') fail('fullName', 'fullName must be a string');
  const fullName = spec.fullName as string;
  const key = `${fullName}\n${String(spec.taskType)}\n${String(spec.funcName)}`;
  if (!checked?.has(key)) {
    const record = app.recordOf(fullName);
    if (record.kind !== 'Instance' || !record.typeChain.includes('tasks.Meta')) fail('fullName', `'${fullName}' is not a task template`);
    if (typeof spec.taskType !== 'string' || !record.typeChain.includes(spec.taskType) || spec.taskType === 'tasks.Meta') {
      fail('taskType', `taskType ${JSON.stringify(spec.taskType)} does not match template '${fullName}' (of type ${record.define.type})`);
    }
    if (typeof spec.funcName !== 'string' || spec.funcName === '') fail('funcName', 'funcName must be a non-empty string');
    resolveTaskFunction(app, fullName, spec.funcName as string);
    checked?.add(key);
  }
  const due = parseAppTimeMs(spec.startTime, app.timezone);
  if (due === null) fail('startTime', `cannot parse startTime ${JSON.stringify(spec.startTime)} (YYYY-MM-DD HH:mm:ss in the app zone, or ISO 8601)`);
  const argDict = spec.argDict ?? {};
  if (!isPlainJsonObject(argDict)) fail('argDict', 'argDict must be a plain JSON object');
  return {
    taskId: newTaskId(),
    fullName,
    taskType: spec.taskType as string,
    funcName: spec.funcName as string,
    argDict: argDict as JsonObject,
    dueAt: due!,
    origin: 'manual',
    createdAt: app.clock.now(),
  };
}
