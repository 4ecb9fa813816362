import { PGlite, types } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreparingClient } from './pglite-statements';

// Every answer of the prepared path is compared with PGlite's own `query` on the same database.
describe('PreparingClient', () => {
  let client: PGlite;
  let preparing: PreparingClient;

  beforeAll(async () => {
    client = await PGlite.create();
    preparing = new PreparingClient(client, 4);
    await client.exec(`
      create table items (
        id text primary key, n integer, big bigint, price numeric, flag boolean, at timestamptz,
        tags text[], data jsonb, raw bytea
      );
      create table parents (id text primary key);
      create table children (id text primary key, parent_id text not null references parents(id));
    `);
  });
  afterAll(() => client.close());

  const row = [
    'a',
    7,
    9007199254740993n,
    '12.50',
    true,
    new Date('2026-12-07T06:00:00.000Z'),
    ['x', 'y "quoted"', null],
    { nested: { list: [1, 'two'] }, quote: "it's" },
    new Uint8Array([0, 1, 254]),
  ];
  const insert = 'insert into items values ($1, $2, $3, $4, $5, $6, $7, $8, $9)';

  it('stores parameters of every type as query does, and reads them back the same', async () => {
    await preparing.query(insert, row);
    await client.query(insert, ['b', ...row.slice(1)]);
    const select = 'select * from items where id = $1';
    const [mine, theirs] = [
      await preparing.query<Record<string, unknown>>(select, ['a']),
      await client.query<Record<string, unknown>>(select, ['b']),
    ];
    expect({ ...mine.rows[0], id: 'b' }).toEqual(theirs.rows[0]);
    expect(mine.fields).toEqual(theirs.fields);
    expect(mine.rows[0]).toMatchObject({ n: 7, flag: true, tags: ['x', 'y "quoted"', null] });
  });

  it('honours row modes and parsers, as drizzle passes them', async () => {
    const options = { rowMode: 'array' as const, parsers: { [types.TIMESTAMPTZ]: (value: string) => value } };
    const select = 'select id, at, data from items where n = $1 order by id';
    const [mine, theirs] = [
      await preparing.query(select, [7], options),
      await client.query(select, [7], options),
    ];
    expect(mine.rows).toEqual(theirs.rows);
    expect(typeof (mine.rows[0] as unknown[])[1]).toBe('string');
    const update = 'update items set n = n + 1 where n >= $1';
    expect((await preparing.query(update, [7])).affectedRows).toBe(2);
    expect((await client.query(update, [8])).affectedRows).toBe(2);
  });

  it('raises the database error with its code and constraint, and goes on working', async () => {
    await client.query('insert into parents values ($1)', ['p']);
    const error = await preparing
      .query('insert into children values ($1, $2)', ['c', 'missing'])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: '23503', constraint: 'children_parent_id_fkey' });
    expect(error).toMatchObject({ query: 'insert into children values ($1, $2)' });
    await expect(preparing.query('select nonsense from nowhere')).rejects.toMatchObject({ code: '42P01' });
    await preparing.query('insert into children values ($1, $2)', ['c', 'p']);
    expect((await preparing.query('select count(*)::int as n from children')).rows).toEqual([{ n: 1 }]);
  });

  it('keeps at most its limit of statements, closing the least recently used', async () => {
    for (let i = 0; i < 10; i++) await preparing.query(`select $1::int + ${i} as n`, [i]);
    expect(preparing.preparedCount).toBe(4);
    const named = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_prepared_statements where name like 'agentry_%'",
    );
    // The ones evicted last are closed with the next statement prepared.
    expect(named.rows[0]!.n).toBeLessThanOrEqual(5);
    expect((await preparing.query('select $1::int + 9 as n', [1])).rows).toEqual([{ n: 10 }]);
  });

  it('prepares again a statement that was dropped or whose result changed shape', async () => {
    const select = 'select * from parents where id = $1';
    expect((await preparing.query(select, ['p'])).rows).toEqual([{ id: 'p' }]);
    await client.exec('deallocate all');
    expect((await preparing.query(select, ['p'])).rows).toEqual([{ id: 'p' }]);
    await client.exec("alter table parents add column label text not null default 'none'");
    expect((await preparing.query(select, ['p'])).rows).toEqual([{ id: 'p', label: 'none' }]);
  });

  it('runs queries of a transaction inside it, and others after it', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = preparing.transaction(async (tx) => {
      await tx.query('insert into parents values ($1)', ['t']);
      order.push('inserted in transaction');
      await held;
      await tx.query('select 1');
      throw new Error('roll back');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = preparing
      .query('select count(*)::int as n from parents where id = $1', ['t'])
      .then((result) => {
        order.push('outside');
        return result;
      });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['inserted in transaction']);
    release();
    await expect(transaction).rejects.toThrow('roll back');
    expect((await outside).rows).toEqual([{ n: 0 }]);
    expect(order).toEqual(['inserted in transaction', 'outside']);
  });
});
