import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import { checkDeclaredArguments } from '../services/checkDeclaredArguments';
import { describeRefusal, readPlainJsonObject } from '../services/plainJson';
import { parseAppTimeMs } from '../time/parseAppTime';
import { newTask } from './newTask';
import { resolveTaskFunction } from './resolveTaskFunction';
import type { NewTask } from './TaskRecord';

/** The Type of temporary tasks, which is also their tasks' fullName: they have no template of their own. */
export const TEMPORARY_TYPE = 'tasks.TemporaryType';

/**
 * Checks one `createTemporaryTask(func, argDict?, startTime?)` request and builds the one-off task
 * to write: `func` a declared function `family.Element.function`, `argDict` a plain JSON object its
 * declaration accepts (default `{}`), `startTime` a time (default now: due at once). Writes nothing.
 *
 * @throws JitError `API_PARAMS_ERROR` naming the argument, `FUNCTION_NOT_FOUND` or
 * `ELEMENT_NOT_FOUND` for a function that does not exist.
 */
export function buildTemporaryTask(app: App, func: unknown, argDict: unknown, startTime: unknown): NewTask {
  if (typeof func !== 'string' || func.split('.').length < 3) {
    refuse('func', `func must be a function path 'family.Element.function', got ${JSON.stringify(func) ?? String(func)}`);
  }
  const fn = resolveTaskFunction(app, TEMPORARY_TYPE, func);
  const read = readPlainJsonObject(argDict ?? {});
  if (!read.ok) refuse('argDict', `argDict must be a plain JSON object (${describeRefusal(read, 'argDict')})`);
  if (fn.declared) {
    const { fullName, declaration } = fn.declared;
    const checked = checkDeclaredArguments(declaration, read.value, app.timezone);
    if (!checked.ok) {
      refuse(
        checked.argument === undefined ? 'argDict' : `argDict.${checked.argument}`,
        `argDict for ${fullName}.${declaration.name}: ${checked.message}`,
      );
    }
  }
  const now = app.clock.now();
  const due = startTime === undefined || startTime === null ? now : parseAppTimeMs(startTime, app.timezone);
  if (due === null)
    refuse('startTime', `cannot parse startTime ${JSON.stringify(startTime)} (YYYY-MM-DD HH:mm:ss in the app zone, or ISO 8601)`);
  return newTask({
    fullName: TEMPORARY_TYPE,
    taskType: TEMPORARY_TYPE,
    funcName: func,
    argDict: read.value,
    dueAt: due,
    origin: 'manual',
    createdAt: now,
  });
}

function refuse(argument: string, message: string): never {
  throw new JitError('API_PARAMS_ERROR', `createTemporaryTask: ${message}`, { details: { argument } });
}
