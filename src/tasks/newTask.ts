import { createHash } from 'node:crypto';
import { JitError } from '../errors/JitError';
import { describeRefusal, readPlainJsonObject } from '../services/plainJson';
import { newTaskId } from './newTaskId';
import type { NewTask } from './TaskRecord';

/**
 * What a new task is made of: all of a {@link NewTask} but its id and attempt, and, for a task
 * created with an idempotency key, that key, which its id is made from.
 */
export type NewTaskFields = Omit<NewTask, 'taskId' | 'attempt'> & { key?: string };

/**
 * A task to write: a new id, the first attempt. Every task the app writes (timer tasks, series
 * occurrences, date-field tasks) is made here, so this is where it is checked: the stores write
 * what they are given. A task with a `key` gets the id made from that key, the same every time, so
 * the database's primary key lets one key create one task however often it is tried.
 *
 * @throws JitError `API_PARAMS_ERROR` when `argDict` would not survive the JSON column unchanged
 * (not a plain JSON object), or `dueAt` is not a whole number of milliseconds that every reader of
 * the column gets back unchanged (an infinite or unsafe one would make every later listing fail).
 */
export function newTask(fields: NewTaskFields): NewTask {
  // Fields listed one by one: batches make 100,000 of these.
  const task: NewTask = {
    taskId: fields.key === undefined ? newTaskId() : keyedTaskId(fields.key),
    fullName: fields.fullName,
    taskType: fields.taskType,
    funcName: fields.funcName,
    argDict: fields.argDict,
    dueAt: fields.dueAt,
    origin: fields.origin,
    rowId: fields.rowId,
    attempt: 1,
    createdAt: fields.createdAt,
  };
  if (!Number.isSafeInteger(task.dueAt)) {
    throw refusal(task, `dueAt must be a finite whole number of milliseconds, got ${task.dueAt}`);
  }
  const read = readPlainJsonObject(task.argDict);
  if (!read.ok) throw refusal(task, `argDict must be a plain JSON object (${describeRefusal(read, 'argDict')})`, 'argDict');
  return task;
}

/**
 * The id of the task created with idempotency key `key`: a SHA-256 of it laid out as a UUID of
 * version 8 (the free-form layout), so it never equals a random id (version 7, see `newTaskId`).
 */
function keyedTaskId(key: string): string {
  const hex = createHash('sha256').update(`jittask createTimerTask key\u0000${key}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function refusal(task: NewTask, message: string, argument?: string): JitError {
  const details = argument === undefined ? { taskId: task.taskId } : { taskId: task.taskId, argument };
  return new JitError('API_PARAMS_ERROR', `Task ${task.taskId} of ${task.fullName}: ${message}`, { fullName: task.fullName, details });
}
