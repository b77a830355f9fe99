import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { GroupCommitter } from './group-commit.ts';
import { migrateToLatest } from './migrations.ts';
import { openDatabase, type Db } from './open-database.ts';

describe('GroupCommitter', () => {
  let tdb: TestDatabase | undefined;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    await tdb?.drop();
  });

  /** A committer whose bulk handler writes a counter row per item and throws on items named `bad`. */
  async function setup() {
    tdb = await createTestDatabase('sqlite');
    db = openDatabase(tdb.options);
    await migrateToLatest(db.kysely, db.engine);
    const calls: string[][] = [];
    const committer = new GroupCommitter<string, string>(db, {
      bulk: async (trx, items) => {
        calls.push(items);
        for (const item of items) {
          if (item === 'bad') throw new Error('bad item');
          await trx
            .insertInto('counters')
            .values({ scope: `t:${item}`, value: 0 })
            .execute();
        }
        return items.map((i) => `ok ${i}`);
      },
    });
    const stored = async () =>
      (await db!.kysely.selectFrom('counters').select('scope').where('scope', 'like', 't:%').execute())
        .map((r) => r.scope)
        .sort();
    return { committer, calls, stored };
  }

  it('S3: a batch of bulk items commits in one go, the handler called once for all', async () => {
    const { committer, calls, stored } = await setup();
    const answers = await Promise.all(['a', 'b', 'c'].map((i) => committer.bulk('k', i)));
    expect(answers).toEqual(['ok a', 'ok b', 'ok c']);
    expect(calls).toEqual([['a', 'b', 'c']]);
    expect(await stored()).toEqual(['t:a', 't:b', 't:c']);
  });

  it('S9: one bad item rolls the fast attempt back whole; the batch runs again item by item and only the bad one fails', async () => {
    const { committer, calls, stored } = await setup();
    const answers = await Promise.allSettled(['a', 'bad', 'c'].map((i) => committer.bulk('k', i)));
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // Whole (rolled back), the run in a savepoint (rolled back), then each item on its own.
    expect(calls).toEqual([['a', 'bad', 'c'], ['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    expect(await stored()).toEqual(['t:a', 't:c']);
  });
  it("issue 18: a batch of bulk items only takes the key's lock when its handler asks, once; the careful way takes it first", async () => {
    tdb = await createTestDatabase('sqlite');
    db = openDatabase(tdb.options);
    await migrateToLatest(db.kysely, db.engine);
    const events: string[] = [];
    const committer = new GroupCommitter<string, string>(db, {
      lock: () => {
        events.push('lock');
        return Promise.resolve(41);
      },
      bulk: async (_trx, items, lock) => {
        events.push(`read ${items.join(',')}`);
        // The lock's answer (a feed position) to the first caller only: a second would reuse it.
        events.push(`answers ${String(await lock())}, ${String(await lock())}`);
        if (items.includes('bad')) throw new Error('bad item');
        events.push('write');
        return items;
      },
    });
    await Promise.all(['a', 'b'].map((i) => committer.bulk('k', i)));
    expect(events).toEqual(['read a,b', 'lock', 'answers 41, undefined', 'write']);
    events.length = 0;
    await Promise.allSettled(['a', 'bad'].map((i) => committer.bulk('k', i)));
    // Whole (lock after the read, rolled back), then the careful way: lock first, the handler's a no-op.
    expect(events).toEqual([
      'read a,bad',
      'lock',
      'answers 41, undefined',
      'lock',
      'read a,bad',
      'answers undefined, undefined',
      'read a',
      'answers undefined, undefined',
      'write',
      'read bad',
      'answers undefined, undefined',
    ]);
  });

  it('issue 18: tickets are checked once per group, in its transaction; a refused job is rejected and the others commit, in both ways', async () => {
    tdb = await createTestDatabase('sqlite');
    db = openDatabase(tdb.options);
    await migrateToLatest(db.kysely, db.engine);
    const checks: string[][] = [];
    const ran: string[][] = [];
    const committer = new GroupCommitter<string, string, string>(db, {
      admit: (_trx, tickets) => {
        checks.push([...tickets]);
        return Promise.resolve(tickets.map((t) => (t === 'revoked' ? new Error(`refused ${t}`) : undefined)));
      },
      bulk: (_trx, items) => {
        ran.push(items);
        if (items.includes('bad')) return Promise.reject(new Error('bad item'));
        return Promise.resolve(items.map((i) => `ok ${i}`));
      },
    });
    const answers = await Promise.allSettled([
      committer.bulk('k', 'a', 'fine'),
      committer.bulk('k', 'b', 'revoked'),
      committer.bulk('k', 'c'),
    ]);
    expect(answers).toEqual([
      { status: 'fulfilled', value: 'ok a' },
      { status: 'rejected', reason: new Error('refused revoked') },
      { status: 'fulfilled', value: 'ok c' },
    ]);
    expect(checks).toEqual([['fine', 'revoked']]);
    expect(ran).toEqual([['a', 'c']]);

    // A group with work in it goes the careful way (a savepoint per run): checked first there too.
    checks.length = 0;
    ran.length = 0;
    const careful = await Promise.allSettled([
      committer.bulk('k', 'bad', 'fine'),
      committer.bulk('k', 'd', 'revoked'),
      committer.run('k', () => Promise.resolve('work'), 'revoked'),
      committer.run('k', () => Promise.resolve('work')),
    ]);
    expect(careful.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected', 'fulfilled']);
    expect((careful[0] as PromiseRejectedResult).reason).toEqual(new Error('bad item'));
    expect((careful[1] as PromiseRejectedResult).reason).toEqual(new Error('refused revoked'));
    expect(checks).toEqual([['fine', 'revoked', 'revoked']]);
    expect(ran).toEqual([['bad']]);
  });
});
