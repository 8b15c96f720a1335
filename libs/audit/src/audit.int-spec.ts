import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import { inTransaction } from '@lib/persistence';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { AUDIT_LANES, auditLaneChainId } from './audit-lanes';
import { DirectoryCheckpointStore } from './audit-checkpoint-store';
import { AuditSigningKey } from './audit-signing-key';
import { AuditVerifier } from './audit-verifier';
import { AuditWriter, type AuditEventInput } from './audit-writer';

const ORG_A = '10000000-0000-4000-8000-0000000000a1';
const ORG_B = '10000000-0000-4000-8000-0000000000b2';
const ACTOR = '20000000-0000-4000-8000-0000000000c3';
const CASE = '30000000-0000-4000-8000-0000000000d4';

const key = AuditSigningKey.generate();
const checkpointDir = mkdtempSync(join(tmpdir(), 'nrm-audit-checkpoints-'));
const writer = new AuditWriter(key);
const verifier = new AuditVerifier({ key, checkpoints: new DirectoryCheckpointStore(checkpointDir) });
afterAll(() => rmSync(checkpointDir, { recursive: true, force: true }));
const NO_CHECKPOINT = { status: 'NONE', takenAt: null, location: null };
/** An intact trail without a checkpoint (what the verifier reports). */
function intact(checked: number, chains: number): object {
  return { ok: true, checked, chains, broken: [], checkpoint: NO_CHECKPOINT };
}

function event(organisationId: string, n: number): AuditEventInput {
  return {
    actorId: ACTOR,
    organisationId,
    action: 'PERSON_READ',
    subjectType: 'person',
    subjectId: randomUUID(),
    caseId: CASE,
    fields: ['fullName', 'phone'],
    purpose: 'SERVICE_PROVISION',
    requestId: `req-${n}`,
  };
}

async function append(ds: DataSource, organisationId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await inTransaction(ds, (m) => writer.record(m, event(organisationId, i)));
  }
}

/** Runs statements as superuser with triggers off (session_replication_role = replica): simulates an attacker with DB access. */
async function tamper(ds: DataSource, sql: string, params: unknown[] = []): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET session_replication_role = replica`);
    await runner.query(sql, params);
    await runner.query(`SET session_replication_role = origin`);
  } finally {
    await runner.release();
  }
}

describe('audit chain (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  it('appends one chain per organisation (its first lane, the organisation id) while writers do not overlap', async () => {
    await append(db.dataSource, ORG_A, 5);
    await append(db.dataSource, ORG_B, 3);
    const result = await verifier.verify(db.dataSource);
    expect(result).toEqual(intact(8, 2));
    expect(await verifier.verify(db.dataSource, ORG_B)).toEqual(intact(3, 1));
    const rows: { chain_id: string; seq: string }[] = await db.dataSource.query(
      `SELECT chain_id, seq::text AS seq FROM audit_events ORDER BY chain_id, seq`,
    );
    expect(rows.filter((r) => r.chain_id === ORG_A).map((r) => r.seq)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('concurrent writers of one organisation spread over its lanes, each lane contiguous', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => inTransaction(db.dataSource, (m) => writer.record(m, event(ORG_A, i)))),
    );
    const result = await verifier.verify(db.dataSource, ORG_A);
    expect(result).toMatchObject({ ok: true, checked: 40 });
    expect(result.chains).toBeGreaterThanOrEqual(1);
    expect(result.chains).toBeLessThanOrEqual(AUDIT_LANES);
    const heads: { chain_id: string; organisation_id: string; lane: number }[] = await db.dataSource.query(
      `SELECT chain_id, organisation_id, lane FROM audit_chain_heads ORDER BY lane`,
    );
    expect(heads.map((h) => h.chain_id)).toEqual(heads.map((h) => auditLaneChainId(ORG_A, h.lane)));
    expect(heads.every((h) => h.organisation_id === ORG_A)).toBe(true);
  });

  it('a writer takes a free lane instead of waiting for the lane another transaction holds', async () => {
    await append(db.dataSource, ORG_A, 1); // lane 0 exists
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const held = await writer.record(runner.manager, event(ORG_A, 2));
      expect(held).toMatchObject({ chainId: ORG_A, seq: 2 });
      // Any lock wait fails this transaction instead of blocking on the open one.
      const second = await inTransaction(db.dataSource, async (m) => {
        await m.query(`SET LOCAL lock_timeout = '200ms'`);
        return writer.record(m, event(ORG_A, 3));
      });
      expect(second).toMatchObject({ chainId: auditLaneChainId(ORG_A, 1), seq: 1 });
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await verifier.verify(db.dataSource, ORG_A)).toEqual(intact(3, 2));
  });

  it('with every lane held, the next writer waits for one and appends after it', async () => {
    const local = await createTestDatabase({ poolSize: AUDIT_LANES + 2 });
    const runners = Array.from({ length: AUDIT_LANES }, () => local.dataSource.createQueryRunner());
    try {
      // Runner i, while runners 0..i-1 hold lanes 0..i-1, creates lane i (committed), then holds it.
      for (const [i, r] of runners.entries()) {
        await r.connect();
        await r.startTransaction();
        expect((await writer.record(r.manager, event(ORG_A, i))).chainId).toBe(auditLaneChainId(ORG_A, i));
        await r.commitTransaction();
        await r.startTransaction();
        expect(await writer.record(r.manager, event(ORG_A, i))).toMatchObject({ chainId: auditLaneChainId(ORG_A, i), seq: 2 });
      }
      let appended = false;
      const waiting = inTransaction(local.dataSource, (m) => writer.record(m, event(ORG_A, 99))).then((e) => {
        appended = true;
        return e;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(appended).toBe(false); // still waiting: no ninth lane
      for (const r of runners) await r.commitTransaction();
      expect((await waiting).seq).toBe(3);
      expect(await verifier.verify(local.dataSource, ORG_A)).toEqual(intact(2 * AUDIT_LANES + 1, AUDIT_LANES));
    } finally {
      for (const r of runners) if (!r.isReleased) await r.release();
      await local.drop();
    }
  });

  it('detects a head moved to another lane', async () => {
    await append(db.dataSource, ORG_A, 2);
    await tamper(db.dataSource, `UPDATE audit_chain_heads SET lane = 1 WHERE chain_id = $1`, [ORG_A]);
    expect((await verifier.verify(db.dataSource)).firstBroken).toEqual({ chainId: ORG_A, seq: 2, eventId: null, reason: 'head-mismatch' });
  });

  it('a rolled-back transaction leaves neither the event nor a gap', async () => {
    await append(db.dataSource, ORG_A, 2);
    await expect(
      inTransaction(db.dataSource, async (m) => {
        await writer.record(m, event(ORG_A, 99));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await append(db.dataSource, ORG_A, 1);
    expect(await verifier.verify(db.dataSource)).toEqual(intact(3, 1));
  });

  it('refuses to write outside a transaction, and refuses values where field names belong', async () => {
    await expect(writer.record(db.dataSource.manager, event(ORG_A, 1))).rejects.toThrow(/inside the transaction/);
    await expect(
      inTransaction(db.dataSource, (m) => writer.record(m, { ...event(ORG_A, 1), fields: ['Aynur Məmmədova'] })),
    ).rejects.toThrow('AuditWriter: invalid fields (field names only)');
    await expect(
      inTransaction(db.dataSource, (m) => writer.record(m, { ...event(ORG_A, 1), purpose: 'lives at Nizami 12' })),
    ).rejects.toThrow('AuditWriter: invalid purpose (codes only)');
    await expect(
      inTransaction(db.dataSource, (m) => writer.record(m, { ...event(ORG_A, 1), subjectId: 'Aynur Məmmədova' })),
    ).rejects.toThrow('AuditWriter: invalid subjectId');
    // A list of purpose codes is fine; an odd request id is stored hashed, not raw.
    await inTransaction(db.dataSource, (m) =>
      writer.record(m, { ...event(ORG_A, 1), purpose: 'SERVICE_PROVISION,LEGAL_AID', requestId: 'Aynur <script>' }),
    );
    const [row]: { request_id: string }[] = await db.dataSource.query(`SELECT request_id FROM audit_events`);
    expect(row!.request_id).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(await verifier.verify(db.dataSource)).toMatchObject({ ok: true, checked: 1 });
  });

  it('rejects UPDATE, DELETE and TRUNCATE', async () => {
    await append(db.dataSource, ORG_A, 1);
    await expect(db.dataSource.query(`UPDATE audit_events SET action = 'X'`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    expect(await verifier.verify(db.dataSource)).toMatchObject({ ok: true, checked: 1 });
  });

  it('detects an altered row and reports the first broken link', async () => {
    await append(db.dataSource, ORG_A, 6);
    const [target]: { id: string }[] = await db.dataSource.query(
      `SELECT id FROM audit_events WHERE chain_id = $1 AND seq = 4`,
      [ORG_A],
    );
    await tamper(db.dataSource, `UPDATE audit_events SET fields = '{fullName,phone,address}' WHERE id = $1`, [target!.id]);
    const broken = { chainId: ORG_A, seq: 4, eventId: target!.id, reason: 'hash-mismatch' };
    expect(await verifier.verify(db.dataSource)).toEqual({
      ok: false,
      checked: 3,
      chains: 1,
      broken: [broken],
      firstBroken: broken,
      checkpoint: NO_CHECKPOINT,
    });
  });

  it('detects a rewritten row whose hash was recomputed (the next link breaks)', async () => {
    await append(db.dataSource, ORG_A, 4);
    // Attacker changes row 2 AND fixes its hash; row 3's prev_hash no longer matches.
    await tamper(db.dataSource, `UPDATE audit_events SET hash = repeat('f', 64) WHERE chain_id = $1 AND seq = 2`, [ORG_A]);
    const result = await verifier.verify(db.dataSource, ORG_A);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: 2, reason: 'hash-mismatch' });
  });

  it('detects a deleted row (sequence gap) and a truncated tail (head mismatch)', async () => {
    await append(db.dataSource, ORG_A, 5);
    await tamper(db.dataSource, `DELETE FROM audit_events WHERE chain_id = $1 AND seq = 3`, [ORG_A]);
    expect((await verifier.verify(db.dataSource)).firstBroken).toMatchObject({ chainId: ORG_A, seq: 4, reason: 'seq-gap' });

    await append(db.dataSource, ORG_B, 3);
    await tamper(db.dataSource, `DELETE FROM audit_events WHERE chain_id = $1 AND seq = 3`, [ORG_B]);
    expect((await verifier.verify(db.dataSource, ORG_B)).firstBroken).toMatchObject({
      chainId: ORG_B,
      seq: 3,
      reason: 'head-mismatch',
    });
  });

  it('verifies 5,000 events in batches', async () => {
    // Load a valid chain through the writer, 1,000 events per transaction.
    for (let batch = 0; batch < 5; batch++) {
      await inTransaction(db.dataSource, async (m) => {
        for (let i = 0; i < 1000; i++) await writer.record(m, event(ORG_A, i));
      });
    }
    const started = Date.now();
    const result = await verifier.verify(db.dataSource);
    if (process.env.NRM_TEST_PG_VERBOSE) process.stderr.write(`verified 5,000 events in ${Date.now() - started} ms\n`);
    expect(result).toEqual(intact(5000, 1));
  }, 60_000);
});
