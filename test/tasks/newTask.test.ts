import { isJitError } from '../../src/errors/JitError';
import { newTask, type NewTaskFields } from '../../src/tasks/newTask';
import type { JsonObject } from '../../src/tasks/TaskRecord';

const T0 = Date.UTC(2024, 2, 1, 9);

function fields(extra: Partial<NewTaskFields> = {}): NewTaskFields {
  return {
    fullName: 'tasks.DailySync',
    taskType: 'tasks.NormalType',
    funcName: 'services.DataSyncSvc.syncUserData',
    argDict: {},
    dueAt: T0,
    origin: 'manual',
    createdAt: T0,
    ...extra,
  };
}

function refusal(make: () => unknown): unknown {
  try {
    make();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

test('a new task gets a new id and is at its first attempt', () => {
  const a = newTask(fields({ argDict: { n: 1 }, origin: 'dateField', rowId: '7' }));
  const b = newTask(fields());
  expect(a).toEqual({ ...fields({ argDict: { n: 1 }, origin: 'dateField', rowId: '7' }), taskId: expect.any(String), attempt: 1 });
  expect(b.taskId).not.toBe(a.taskId);
});

// The stores write what they are given: a task that would not read back as written never reaches them.
test.each([
  ['an array', [1, 2]],
  ['null', null],
  ['a Date', new Date(T0)],
  ['an undefined value', { a: undefined }],
  ['a NaN', { a: Number.NaN }],
  ['a class instance inside', { when: new Map() }],
])('an argDict that is %s is refused with API_PARAMS_ERROR naming the task', (_what, argDict) => {
  const err = refusal(() => newTask(fields({ argDict: argDict as JsonObject })));
  expect(isJitError(err, 'API_PARAMS_ERROR')).toBe(true);
  expect((err as Error).message).toMatch(/^Task \S+ of tasks\.DailySync: argDict must be a plain JSON object \(argDict/);
});

test.each([
  ['Infinity (a huge backoff)', Infinity],
  ['NaN', NaN],
  ['a fraction of a millisecond', T0 + 0.5],
  ['beyond the safe integers', 2 ** 53],
])('a due time of %s is refused with API_PARAMS_ERROR naming the task', (_what, dueAt) => {
  const err = refusal(() => newTask(fields({ dueAt })));
  expect(isJitError(err, 'API_PARAMS_ERROR')).toBe(true);
  expect((err as Error).message).toMatch(/^Task \S+ of tasks\.DailySync: dueAt must be/);
});
