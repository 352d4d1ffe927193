import { JitError } from 'jittask';
import { refusedForGood } from '../../../src/tasks/engine/refusedForGood';

/** A driver error with `code`, as the task store passes it on (inside a DATABASE_ERROR). */
const fromStore = (code: string, message = `driver says ${code}`) =>
  new JitError('DATABASE_ERROR', `Task store could not finish tasks: ${message}`, { cause: Object.assign(new Error(message), { code }) });

test("what the database refuses in the data itself is refused for good, with the driver's message", () => {
  expect(refusedForGood(fromStore('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))).toBe(
    'invalid byte sequence for encoding "UTF8": 0x00',
  );
  for (const code of ['22P05', '23514', '23502', '54000', 'SQLITE_CONSTRAINT_CHECK', 'SQLITE_CONSTRAINT_TRIGGER', 'SQLITE_TOOBIG']) {
    expect(refusedForGood(fromStore(code))).toBe(`driver says ${code}`);
  }
});

test('what may pass when tried again is not: connections, timeouts, locks, a full disk, conflicts with concurrent writes', () => {
  for (const code of ['57P01', '08006', '57014', '40001', '40P01', '53300', '23505', '23P01', 'ECONNREFUSED']) {
    expect(refusedForGood(fromStore(code))).toBeNull();
  }
  for (const code of ['SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CONSTRAINT_UNIQUE']) {
    expect(refusedForGood(fromStore(code))).toBeNull();
  }
  expect(refusedForGood(new Error('Connection terminated unexpectedly'))).toBeNull();
  expect(refusedForGood('not an error')).toBeNull();
});
