import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inTransaction } from '@lib/persistence';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { DirectoryCheckpointStore } from './audit-checkpoint-store';
import { AuditSigningKey } from './audit-signing-key';
import { AuditVerifier } from './audit-verifier';
import { AuditWriter, type AuditEventInput } from './audit-writer';

const ORG = '10000000-0000-4000-8000-0000000000a1';
const ACTOR = '20000000-0000-4000-8000-0000000000c3';

function read(n: number): AuditEventInput {
  return { actorId: ACTOR, organisationId: ORG, action: 'CASE_READ', subjectType: 'case', subjectId: randomUUID(), fields: ['status'], requestId: `req-${n}` };
}

/**
 * `AuditWriter.append` (events of no other change, e.g. audited reads): builds on the head this process wrote last in
 * one statement when that head is still exactly as it left it, else takes a lane as `recordMany` does. Two writers
 * here stand for two API processes sharing the signing key.
 */
describe('audit append on the last written head (real PostgreSQL)', () => {
  const key = AuditSigningKey.generate();
  const checkpointDir = mkdtempSync(join(tmpdir(), 'nrm-audit-append-'));
  const verifier = new AuditVerifier({ key, checkpoints: new DirectoryCheckpointStore(checkpointDir) });
  let db: TestDatabase;
  let one: AuditWriter;
  let other: AuditWriter;
  let lanesTaken: jest.SpyInstance;

  beforeEach(async () => {
    db = await createTestDatabase();
    one = new AuditWriter(key);
    other = new AuditWriter(key);
    lanesTaken = jest.spyOn(one, 'recordMany');
  });
  afterEach(() => db.drop());
  afterAll(() => rmSync(checkpointDir, { recursive: true, force: true }));

  async function trail(): Promise<{ events: number; lanes: number; lastSeqs: number[] }> {
    const [row] = await db.dataSource.query(
      `SELECT count(*)::int AS events, count(DISTINCT chain_id)::int AS lanes FROM audit_events WHERE organisation_id = $1`,
      [ORG],
    );
    const heads: { seq: string }[] = await db.dataSource.query(
      `SELECT seq::text AS seq FROM audit_chain_heads WHERE organisation_id = $1 ORDER BY lane`,
      [ORG],
    );
    return { events: row.events, lanes: row.lanes, lastSeqs: heads.map((h) => Number(h.seq)) };
  }

  it('after its first batch takes a lane, the next batches extend that head directly; the trail verifies', async () => {
    await one.append(db.dataSource, [read(1)]);
    expect(lanesTaken).toHaveBeenCalledTimes(1);
    for (let i = 2; i <= 6; i++) await one.append(db.dataSource, i % 2 === 0 ? [read(i)] : [read(i), read(i + 100)]);
    expect(lanesTaken).toHaveBeenCalledTimes(1);
    expect(await trail()).toEqual({ events: 8, lanes: 1, lastSeqs: [8] });
    expect(await verifier.verify(db.dataSource)).toMatchObject({ ok: true, checked: 8, broken: [] });
  });

  it('when another process wrote the lane since, nothing is written on the stale head: a lane is taken instead', async () => {
    await one.append(db.dataSource, [read(1)]);
    await other.append(db.dataSource, [read(2)]);
    await one.append(db.dataSource, [read(3), read(4)]);
    expect(lanesTaken).toHaveBeenCalledTimes(2);
    expect(await trail()).toEqual({ events: 4, lanes: 1, lastSeqs: [4] });
    expect(await verifier.verify(db.dataSource)).toMatchObject({ ok: true, checked: 4, broken: [] });
  });

  it('a head held by an open transaction is not waited for: the batch goes to another lane', async () => {
    await one.append(db.dataSource, [read(1)]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    // The other process holds lane 0 (its only lane) in a transaction that stays open until the append is done.
    const transaction = inTransaction(db.dataSource, async (manager) => {
      await other.recordMany(manager, [read(2)]);
      locked();
      await held;
    });
    await lockTaken;
    await one.append(db.dataSource, [read(3)]);
    release();
    await transaction;
    expect(await trail()).toEqual({ events: 3, lanes: 2, lastSeqs: [2, 1] });
    expect(await verifier.verify(db.dataSource)).toMatchObject({ ok: true, checked: 3, broken: [] });
  });

  it('batches appended at once by one process are all written, each chained once', async () => {
    await one.append(db.dataSource, [read(0)]);
    await Promise.all(Array.from({ length: 6 }, (_, i) => one.append(db.dataSource, [read(i + 1), read(i + 50)])));
    const trailNow = await trail();
    expect(trailNow.events).toBe(13);
    expect(trailNow.lastSeqs.reduce((a, b) => a + b, 0)).toBe(13);
    expect(await verifier.verify(db.dataSource)).toMatchObject({ ok: true, checked: 13, broken: [] });
  });
});
