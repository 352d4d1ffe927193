import { JitError } from 'jittask';
import { GroupWriter } from '../../src/tasks/engine/GroupWriter';

/** The error a database gives when the answer to COMMIT was lost. */
const lostCommit = (): JitError =>
  new JitError('DATABASE_ERROR', 'Lost the answer to COMMIT: the transaction may or may not have been committed', {
    details: { outcome: 'unknown' },
  });

async function outcomes(promises: Array<Promise<unknown>>): Promise<unknown[]> {
  return Promise.all(
    promises.map((p) =>
      p.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    ),
  );
}

describe('GroupWriter, when a group fails', () => {
  test('a failure the database answered: each request is written again on its own, so only the bad one fails', async () => {
    const writes: string[][] = [];
    const writer = new GroupWriter<string, string>(async (requests) => {
      writes.push(requests);
      if (requests.includes('bad')) throw new JitError('DATABASE_ERROR', 'refused');
      return requests.map((r) => `${r} written`);
    });
    const results = await outcomes(['a', 'bad', 'b'].map((r) => writer.write(r)));

    expect(writes).toEqual([['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
    expect(results).toEqual([{ value: 'a written' }, { error: expect.objectContaining({ message: 'refused' }) }, { value: 'b written' }]);
  });

  test('a lost answer to COMMIT: the group may be written, so nothing is written again and every caller gets that error', async () => {
    const writes: string[][] = [];
    const error = lostCommit();
    const writer = new GroupWriter<string, string>(async (requests) => {
      writes.push(requests);
      throw error;
    });
    const results = await outcomes(['a', 'b', 'c'].map((r) => writer.write(r)));

    expect(writes).toEqual([['a', 'b', 'c']]);
    expect(results).toEqual([{ error }, { error }, { error }]);
  });
});
