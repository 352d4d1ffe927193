import { newTaskId } from '../../src/tasks/newTaskId';

test('task ids are UUIDs that sort by creation time and never repeat', () => {
  const ids: string[] = [];
  for (let i = 0; i < 2000; i++) ids.push(newTaskId());
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(new Set(ids).size).toBe(ids.length);
  const before = newTaskId();
  const now = Date.now();
  while (Date.now() === now) {
    /* the next millisecond */
  }
  expect(newTaskId() > before).toBe(true);
  expect(parseInt(before.replace('-', '').slice(0, 12), 16)).toBeLessThanOrEqual(Date.now());
});
