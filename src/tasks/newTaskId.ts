import { randomUUID } from 'node:crypto';

/**
 * A new task id: a UUID in the layout of version 7, its first 48 bits the creation time in ms and
 * the rest random. Ids made later sort later, so the primary-key index grows at its end instead of
 * at random places: batch inserts stay fast as the task table grows.
 */
export function newTaskId(): string {
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx
  const time = Date.now().toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
