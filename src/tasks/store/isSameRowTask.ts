import type { NewTask } from '../TaskRecord';

/**
 * True when a stored pending task is already the `wanted` one of its row: same due time, type,
 * function and arguments (compared as the stored JSON text). Both stores keep such a task as it is.
 */
export function isSameRowTask(
  stored: { dueAt: number; taskType: string; funcName: string; argDictJson: string },
  wanted: NewTask,
): boolean {
  return (
    stored.dueAt === wanted.dueAt &&
    stored.taskType === wanted.taskType &&
    stored.funcName === wanted.funcName &&
    stored.argDictJson === JSON.stringify(wanted.argDict)
  );
}
