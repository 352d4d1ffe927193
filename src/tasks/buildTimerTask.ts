import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import { checkDeclaredArguments } from '../services/checkDeclaredArguments';
import { describeRefusal, readPlainJsonObject } from '../services/plainJson';
import { parseAppTimeMs } from '../time/parseAppTime';
import { newTask } from './newTask';
import { resolveTaskFunction, type TaskFunction } from './resolveTaskFunction';
import type { NewTask } from './TaskRecord';
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
 * function) triples the batch has accepted with their resolved function, so a batch of tasks of
 * one template checks them once.
 */
export interface BatchPlace {
  index: number;
  accepted: Map<string, TaskFunction>;
}

/**
 * Checks one `createTimerTask` request and builds the task to write (SPEC §7.4). Refuses an unknown
 * template, a `taskType` the template is not of, an unknown or undeclared function, an unparseable
 * time, an `argDict` that cannot be read as a plain JSON object, one that a Global function would
 * refuse (checked as `callFunction` checks it, without calling it) and a key that is none of the
 * above. Writes nothing. Without an `argDict` (or with `null`) the task takes the template's
 * default `argDict`. The task holds a copy of the `argDict`, read once.
 */
export function buildTimerTask(app: App, spec: TimerTaskSpec, batch?: BatchPlace): NewTask {
  for (const key in spec) {
    if (!SPEC_KEY_SET.has(key)) refuse(batch, key, `unknown key '${key}' (known: ${SPEC_KEYS.join(', ')})`);
  }
  const { fullName, taskType, funcName, startTime } = spec;
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
  });
}

/** Refuses a request. Where it sits is put into words only now: a batch checks 100,000 of them. */
function refuse(batch: BatchPlace | undefined, argument: string, message: string): never {
  const where = batch ? `createTimerTasks: tasks[${batch.index}]` : 'createTimerTask';
  throw new JitError('API_PARAMS_ERROR', `${where}: ${message}`, { details: { argument } });
}
