import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import { checkDeclaredArguments } from '../services/checkDeclaredArguments';
import { describeRefusal, readPlainJsonObject } from '../services/plainJson';
import { parseAppTimeMs } from '../time/parseAppTime';
import { newTask } from './newTask';
import { resolveTaskFunction, type TaskFunction } from './resolveTaskFunction';
import type { NewTask } from './TaskRecord';
import { templateSettings } from './TemplateSettings';

/** The arguments of `createTimerTask`, by name, and its idempotency key (`options.key`). */
export interface TimerTaskSpec {
  fullName: unknown;
  startTime: unknown;
  funcName: unknown;
  taskType: unknown;
  argDict?: unknown;
  key?: unknown;
}

/** The keys a request may have: a misspelt one (`argdict`) is refused, not ignored. */
const SPEC_KEYS: ReadonlyArray<string> = ['fullName', 'startTime', 'funcName', 'taskType', 'argDict', 'key'] satisfies Array<
  keyof TimerTaskSpec
>;
const SPEC_KEY_SET: ReadonlySet<string> = new Set(SPEC_KEYS);

/** The longest idempotency key, in characters: as long as an `Stext`. */
export const MAX_KEY_LENGTH = 255;

/**
 * A request's place in a `createTimerTasks` batch (for messages), the (template, taskType,
 * function) triples the batch has accepted with their resolved function, so a batch of tasks of
 * one template checks them once, and the idempotency keys it has given, with their index.
 */
export interface BatchPlace {
  index: number;
  accepted: Map<string, TaskFunction>;
  keys: Map<string, number>;
}

/**
 * Checks one `createTimerTask` request and builds the task to write (SPEC §7.4). Refuses an unknown
 * template, a `taskType` the template is not of, an unknown or undeclared function, an unparseable
 * time, an `argDict` that cannot be read as a plain JSON object, one that a Global function would
 * refuse (checked as `callFunction` checks it, without calling it) and a key that is none of the
 * above. Writes nothing. Without an `argDict` (or with `null`) the task takes the template's
 * default `argDict`. The task holds a copy of the `argDict`, read once. A `key` (a non-empty string
 * of at most {@link MAX_KEY_LENGTH} characters, once per batch) makes the task's id (see `newTask`).
 */
export function buildTimerTask(app: App, spec: TimerTaskSpec, batch?: BatchPlace): NewTask {
  for (const key in spec) {
    if (!SPEC_KEY_SET.has(key)) refuse(batch, key, `unknown key '${key}' (known: ${SPEC_KEYS.join(', ')})`);
  }
  const { fullName, taskType, funcName, startTime, key: idempotencyKey } = spec;
  if (idempotencyKey !== undefined) checkKey(batch, idempotencyKey);
  if (typeof fullName !== 'string') return refuse(batch, 'fullName', 'fullName must be a string');
  const key = `${fullName}\n${String(taskType)}\n${String(funcName)}`;
  let fn = batch?.accepted.get(key);
  if (!fn) {
    const record = app.recordOf(fullName);
    if (record.kind !== 'Instance' || !record.typeChain.includes('tasks.Meta'))
      refuse(batch, 'fullName', `'${fullName}' is not a task template`);
    if (typeof taskType !== 'string' || !record.typeChain.includes(taskType) || taskType === 'tasks.Meta') {
      return refuse(
        batch,
        'taskType',
        `taskType ${JSON.stringify(taskType)} does not match template '${fullName}' (of type ${record.define.type})`,
      );
    }
    if (typeof funcName !== 'string' || funcName === '') return refuse(batch, 'funcName', 'funcName must be a non-empty string');
    fn = resolveTaskFunction(app, fullName, funcName);
    batch?.accepted.set(key, fn);
  }
  const due = parseAppTimeMs(startTime, app.timezone);
  if (due === null)
    return refuse(
      batch,
      'startTime',
      `cannot parse startTime ${JSON.stringify(startTime)} (YYYY-MM-DD HH:mm:ss in the app zone, or ISO 8601)`,
    );
  // Omitted: the template's default (SPEC §7.1), copied so that no answer shares the definition's object.
  const read = readPlainJsonObject(spec.argDict ?? templateSettings(app.recordOf(fullName).define).argDict);
  if (!read.ok) return refuse(batch, 'argDict', `argDict must be a plain JSON object (${describeRefusal(read, 'argDict')})`);
  const argDict = read.value;
  if (fn.declared) {
    const { fullName: element, declaration } = fn.declared;
    const checked = checkDeclaredArguments(declaration, argDict, app.timezone);
    if (!checked.ok)
      refuse(
        batch,
        checked.argument === undefined ? 'argDict' : `argDict.${checked.argument}`,
        `argDict for ${element}.${declaration.name}: ${checked.message}`,
      );
  }
  return newTask({
    fullName,
    taskType: taskType as string,
    funcName: funcName as string,
    argDict,
    dueAt: due,
    origin: 'manual',
    createdAt: app.clock.now(),
    ...(idempotencyKey === undefined ? {} : { key: idempotencyKey as string }),
  });
}

/** Refuses a key that is not a non-empty string of at most {@link MAX_KEY_LENGTH} characters, or that the batch gave already. */
function checkKey(batch: BatchPlace | undefined, key: unknown): void {
  const argument = batch ? 'key' : 'options.key';
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    const got = typeof key === 'string' ? `a string of ${key.length} characters` : (JSON.stringify(key) ?? String(key));
    refuse(batch, argument, `${argument} must be a non-empty string of at most ${MAX_KEY_LENGTH} characters, got ${got}`);
  }
  if (!batch) return;
  const first = batch.keys.get(key);
  if (first !== undefined) refuse(batch, argument, `key ${JSON.stringify(key)} is given to tasks[${first}] too: one key, one task`);
  batch.keys.set(key, batch.index);
}

/** Refuses a request. Where it sits is put into words only now: a batch checks 100,000 of them. */
function refuse(batch: BatchPlace | undefined, argument: string, message: string): never {
  const where = batch ? `createTimerTasks: tasks[${batch.index}]` : 'createTimerTask';
  throw new JitError('API_PARAMS_ERROR', `${where}: ${message}`, { details: { argument } });
}
