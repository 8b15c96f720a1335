import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { AuditSigningKey } from './audit-signing-key';
import { AuditWriter, type AuditEventInput } from './audit-writer';
import { ReadAuditBatcher, ReadAuditFailedError } from './read-audit-batcher';

const ORG_A = '10000000-0000-4000-8000-0000000000a1';
const ORG_B = '10000000-0000-4000-8000-0000000000b2';
const ACTOR = '20000000-0000-4000-8000-0000000000c3';

function read(organisationId: string, n: number): AuditEventInput {
  return {
    actorId: ACTOR,
    organisationId,
    action: 'CASE_READ',
    subjectType: 'case',
    subjectId: `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    fields: ['status'],
    requestId: `req-${n}`,
  };
}

describe('read-audit batcher (group commit, real PostgreSQL)', () => {
  let db: TestDatabase;
  let batcher: ReadAuditBatcher;
  beforeEach(async () => {
    db = await createTestDatabase();
    batcher = new ReadAuditBatcher(db.dataSource, new AuditWriter(AuditSigningKey.generate()), {
      flushDelayMs: 2,
      maxBatch: 500,
      maxConcurrentFlushes: 4,
    });
  });
  afterEach(async () => {
    await batcher.onApplicationShutdown();
    await db.drop();
  });

  it('reads queued together are written in one transaction per organisation, and resolve once committed', async () => {
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => batcher.record(read(ORG_A, i))),
      batcher.record([read(ORG_B, 1), read(ORG_B, 2)]),
    ]);
    const rows: { organisation_id: string; transactions: number; events: number; lanes: number }[] =
      await db.dataSource.query(
        `SELECT organisation_id, count(DISTINCT xmin::text)::int AS transactions, count(*)::int AS events, count(DISTINCT chain_id)::int AS lanes
         FROM audit_events GROUP BY organisation_id ORDER BY organisation_id`,
      );
    expect(rows).toEqual([
      { organisation_id: ORG_A, transactions: 1, events: 50, lanes: 1 },
      { organisation_id: ORG_B, transactions: 1, events: 2, lanes: 1 },
    ]);
  });

  it('a malformed event fails its own read at once, not the batch', async () => {
    const good = batcher.record(read(ORG_A, 1));
    await expect(batcher.record({ ...read(ORG_A, 2), fields: ['Aynur Məmmədova'] })).rejects.toThrow(
      'AuditWriter: invalid fields',
    );
    await expect(good).resolves.toBeUndefined();
  });

  it('when the write fails, every read of the batch fails (ReadAuditFailedError) and nothing is written', async () => {
    await db.dataSource.query(
      `ALTER TABLE audit_events ADD CONSTRAINT ck_test_refuse CHECK (action <> 'CASE_READ')`,
    );
    const silence = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => batcher.record(read(ORG_A, i))),
      );
      expect(results.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
      expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(ReadAuditFailedError);
    } finally {
      silence.mockRestore();
    }
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`)).toEqual([{ n: 0 }]);
  });
});
