import { JitError } from 'jittask';
import { ClaimBatch } from '../../../src/tasks/engine/ClaimBatch';

/** PostgreSQL's answer to a statement past its statement_timeout, as the task store passes it on. */
function statementTimeout(): JitError {
  const pgError = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
  return new JitError('DATABASE_ERROR', 'Task store could not claim due tasks: canceling statement due to statement timeout', {
    cause: pgError,
  });
}

test('a timed-out claim halves the batch, down to 1; full claims grow it back by one, up to batchSize', () => {
  const log: string[] = [];
  const batch = new ClaimBatch(8, (line) => log.push(line));
  expect(batch.size(100)).toBe(8);
  expect(batch.size(3)).toBe(3);

  expect(batch.failed(8, statementTimeout())).toBe(true);
  expect(batch.size(100)).toBe(4);
  expect(batch.failed(4, statementTimeout())).toBe(true);
  expect(batch.failed(2, statementTimeout())).toBe(true);
  expect(batch.size(100)).toBe(1);
  expect(batch.failed(1, statementTimeout())).toBe(false); // nothing left to shrink: the pass fails as any other
  expect(log).toHaveLength(1);

  batch.succeeded(1, 0); // not full: says nothing of a bigger claim
  expect(batch.size(100)).toBe(1);
  for (let i = 1; i < 8; i++) batch.succeeded(i, i);
  expect(batch.size(100)).toBe(8);
  batch.succeeded(8, 8);
  expect(batch.size(100)).toBe(8);

  // Grown back to batchSize: the next time claims time out, it is logged again.
  batch.failed(8, statementTimeout());
  expect(log).toHaveLength(2);
  expect(log[0]).toBe(
    'a claim of 8 due tasks timed out (statement_timeout): claiming at most 4 per pass, ' +
      'halved after each timeout and grown back by one after each full claim, up to batchSize 8',
  );
});

test('a claim that failed otherwise (the database unreachable) leaves the batch as it is', () => {
  const batch = new ClaimBatch(8, () => {});
  expect(batch.failed(8, new JitError('DATABASE_ERROR', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(false);
  expect(batch.size(100)).toBe(8);
});

test('a claim asked smaller by its free slots shrinks the batch from what it asked', () => {
  const batch = new ClaimBatch(100, () => {});
  expect(batch.failed(10, statementTimeout())).toBe(true);
  expect(batch.size(100)).toBe(5);
});
