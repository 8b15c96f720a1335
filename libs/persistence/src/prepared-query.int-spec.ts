import { QueryFailedError } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { preparedQuery } from './prepared-query';
import { DEMO_ORG_IDS } from './seed/demo-seed';
import { inTransaction } from './transaction';

describe('preparedQuery (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
  });
  afterAll(() => db.drop());

  const byId = `SELECT id, type FROM organisations WHERE id = $1`;

  it('runs as a named statement prepared once on the connection, reused by later calls', async () => {
    await inTransaction(db.dataSource, async (m) => {
      expect(await preparedQuery(m, byId, [DEMO_ORG_IDS.SSA])).toEqual([
        { id: DEMO_ORG_IDS.SSA, type: 'SSA' },
      ]);
      expect(await preparedQuery(m, byId, [DEMO_ORG_IDS.DOST_BAKU])).toEqual([
        { id: DEMO_ORG_IDS.DOST_BAKU, type: 'DOST_CENTER' },
      ]);
      const prepared: { name: string }[] = await m.query(
        `SELECT name FROM pg_prepared_statements WHERE statement = $1`,
        [byId],
      );
      expect(prepared).toHaveLength(1);
      expect(prepared[0]!.name).toMatch(/^nrm_[0-9a-f]{32}$/);
    });
  });

  it('works outside a transaction (a pooled connection, released after)', async () => {
    expect(await preparedQuery(db.dataSource.manager, byId, [DEMO_ORG_IDS.SSA])).toHaveLength(1);
    expect(
      await preparedQuery(db.dataSource.manager, byId, ['00000000-0000-4000-8000-000000000000']),
    ).toEqual([]);
  });

  it('answers UPDATE … RETURNING with its rows, and sees the transaction it runs in', async () => {
    await expect(
      inTransaction(db.dataSource, async (m) => {
        const rows = await preparedQuery<{ name: string }>(
          m,
          `UPDATE organisations SET name = name || ' (x)' WHERE id = $1 RETURNING name`,
          [DEMO_ORG_IDS.SSA],
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]!.name).toMatch(/ \(x\)$/);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [after] = await preparedQuery<{ name: string }>(
      db.dataSource.manager,
      `SELECT name FROM organisations WHERE id = $1`,
      [DEMO_ORG_IDS.SSA],
    );
    expect(after!.name).not.toMatch(/ \(x\)$/);
  });

  it('fails with QueryFailedError carrying the driver error, as manager.query does', async () => {
    const error: unknown = await preparedQuery(
      db.dataSource.manager,
      `SELECT id FROM organisations WHERE id = $1`,
      ['not-a-uuid'],
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22P02');
  });
});
