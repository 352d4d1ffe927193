import { AsyncResource } from 'node:async_hooks';
import type { Database } from '../../src/db/Database';

/**
 * The ambient transactions every database keeps, as code above `src/db` relies on them: the same
 * scenarios on SQLite and PostgreSQL. `open` gives a database with an empty `notes (text)` table.
 */
export function describeTransactions(open: () => Promise<Database>): void {
  let db: Database;
  beforeEach(async () => {
    db = await open();
  });
  const notes = async (): Promise<string[]> =>
    (await db.query<{ text: string }>('SELECT text FROM notes ORDER BY text')).map((row) => row.text);
  // Literal texts of the tests' own: the placeholders of the two dialects differ.
  const write = (text: string): Promise<unknown> => db.query(`INSERT INTO notes VALUES ('${text}')`);

  test('commits what the function wrote and returns its result', async () => {
    const result = await db.transaction(async () => {
      await write('a');
      return 'done';
    });
    expect(result).toBe('done');
    expect(await notes()).toEqual(['a']);
  });

  test('rolls back everything when the function throws half-way, and the database serves again', async () => {
    await expect(
      db.transaction(async () => {
        await write('a');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await notes()).toEqual([]);
    await db.transaction(() => write('after'));
    expect(await notes()).toEqual(['after']);
  });

  test('isInTransaction and detach: code inside sees the transaction, detached code does not', async () => {
    const inside = await db.transaction(async () => [db.isInTransaction(), db.detach(() => db.isInTransaction())]);
    expect(inside).toEqual([true, false]);
    expect(db.isInTransaction()).toBe(false);
  });

  test('an inner transaction that throws undoes its own writes only; the outer one goes on and commits', async () => {
    await db.transaction(async () => {
      await write('outer');
      await expect(
        db.transaction(async () => {
          await write('inner');
          throw new Error('inner failed');
        }),
      ).rejects.toThrow('inner failed');
      await write('after');
    });
    expect(await notes()).toEqual(['after', 'outer']);
  });

  test('an inner transaction that committed is undone with the outer one', async () => {
    await expect(
      db.transaction(async () => {
        await db.transaction(() => write('inner'));
        throw new Error('outer failed');
      }),
    ).rejects.toThrow('outer failed');
    expect(await notes()).toEqual([]);
  });

  test('a failed statement in an inner transaction is rolled back to; the outer one stays usable', async () => {
    await db.transaction(async () => {
      // The driver's own error, matched by its message: better-sqlite3's may come from another
      // realm (Jest's VM of an earlier test file), which `toThrow` does not recognise as an Error.
      await expect(db.transaction(() => db.query('INSERT INTO no_such_table VALUES (1)'))).rejects.toMatchObject({
        message: expect.stringMatching(/no_such_table/),
      });
      await write('still fine');
    });
    expect(await notes()).toEqual(['still fine']);
  });

  test('inner transactions started together take turns: one failing does not undo the others', async () => {
    const order: string[] = [];
    await db.transaction(async () => {
      const results = await Promise.allSettled(
        ['a', 'b', 'c'].map((text) =>
          db.transaction(async () => {
            order.push(`begin ${text}`);
            await write(text);
            await new Promise((resolve) => setImmediate(resolve));
            order.push(`end ${text}`);
            if (text === 'b') throw new Error('b failed');
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    });
    expect(order).toEqual(['begin a', 'end a', 'begin b', 'end b', 'begin c', 'end c']);
    expect(await notes()).toEqual(['a', 'c']);
  });

  test('code of a transaction that runs after it ended (a callback it left behind) runs on its own', async () => {
    let leftBehind!: () => Promise<unknown>;
    await expect(
      db.transaction(async () => {
        await write('rolled back');
        leftBehind = AsyncResource.bind(() => db.transaction(() => write('later')));
        throw new Error('failed');
      }),
    ).rejects.toThrow('failed');
    await leftBehind();
    expect(await notes()).toEqual(['later']);
  });
}
