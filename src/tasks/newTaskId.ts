import { randomUUID } from 'node:crypto';

/** The time part of the ids made in the current millisecond, and that millisecond. */
let prefixMs = -1;
let prefix = '';

/**
 * A new task id: a UUID in the layout of version 7, its first 48 bits the creation time in ms and
 * the rest random. Ids made later sort later, so the primary-key index grows at its end instead of
 * at random places: batch inserts stay fast as the task table grows.
 */
export function newTaskId(): string {
  const now = Date.now();
  // A batch makes thousands of ids per millisecond: format the time part once for all of them.
  if (now !== prefixMs) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    prefixMs = now;
  }
  return prefix + randomUUID().slice(15); // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx → from "xxx-yxxx-…"
}
