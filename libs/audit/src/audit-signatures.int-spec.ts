import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import { inTransaction } from '@lib/persistence';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { DirectoryCheckpointStore } from './audit-checkpoint-store';
import { AuditCheckpointer } from './audit-checkpointer';
import { auditEventHash, GENESIS_HASH } from './audit-hash';
import { auditLaneChainId } from './audit-lanes';
import { AuditSigningKey } from './audit-signing-key';
import { AuditVerifier } from './audit-verifier';
import { AuditWriter, type AuditEventInput } from './audit-writer';

const ORG_A = '10000000-0000-4000-8000-0000000000a1';
const ORG_B = '10000000-0000-4000-8000-0000000000b2';
const ACTOR = '20000000-0000-4000-8000-0000000000c3';

function event(organisationId: string, n: number): AuditEventInput {
  return {
    actorId: ACTOR,
    organisationId,
    action: 'CASE_READ',
    subjectType: 'case',
    subjectId: `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    fields: ['status'],
    purpose: 'SERVICE_PROVISION',
  };
}

/** As database superuser with triggers off (session_replication_role = replica): the attacker of issue 12. */
async function asSuperuser(
  ds: DataSource,
  work: (q: (sql: string, params?: unknown[]) => Promise<unknown[]>) => Promise<void>,
): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET session_replication_role = replica`);
    await work((sql, params) => runner.query(sql, params) as Promise<unknown[]>);
    await runner.query(`SET session_replication_role = origin`);
  } finally {
    await runner.release();
  }
}

interface EventRow {
  id: string;
  chain_id: string;
  seq: string;
  actor_id: string;
  organisation_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  case_id: string | null;
  fields: string[];
  purpose: string | null;
  justification: string | null;
  break_glass: boolean;
  request_id: string | null;
  occurred_at: Date;
}

/**
 * The attack: change one row's field names, then recompute the unkeyed SHA-256 of it and of every later row, and
 * move the chain head to the recomputed last hash. Every link is consistent afterwards; only a key can tell.
 */
async function rewriteChain(ds: DataSource, chainId: string, seq: number): Promise<void> {
  await asSuperuser(ds, async (q) => {
    await q(`UPDATE audit_events SET fields = '{status,fullName,address}' WHERE chain_id = $1 AND seq = $2`, [
      chainId,
      seq,
    ]);
    const rows = (await q(`SELECT * FROM audit_events WHERE chain_id = $1 ORDER BY seq`, [
      chainId,
    ])) as EventRow[];
    let prevHash = GENESIS_HASH;
    for (const r of rows) {
      const hash = auditEventHash({
        id: r.id,
        chainId: r.chain_id,
        seq: Number(r.seq),
        actorId: r.actor_id,
        organisationId: r.organisation_id,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        caseId: r.case_id,
        fields: r.fields,
        purpose: r.purpose,
        justification: r.justification,
        breakGlass: r.break_glass,
        requestId: r.request_id,
        occurredAt: r.occurred_at,
        prevHash,
      });
      await q(`UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE id = $1`, [r.id, prevHash, hash]);
      prevHash = hash;
    }
    await q(`UPDATE audit_chain_heads SET hash = $2 WHERE chain_id = $1`, [chainId, prevHash]);
  });
}

describe('audit chain heads signed with a key outside the database, and signed checkpoints (real PostgreSQL)', () => {
  const key = AuditSigningKey.generate();
  const writer = new AuditWriter(key);
  let db: TestDatabase;
  let dir: string;
  let store: DirectoryCheckpointStore;
  let verifier: AuditVerifier;
  let checkpointer: AuditCheckpointer;

  async function append(organisationId: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++)
      await inTransaction(db.dataSource, (m) => writer.record(m, event(organisationId, i)));
  }

  beforeEach(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'nrm-audit-checkpoints-'));
    store = new DirectoryCheckpointStore(dir);
    verifier = new AuditVerifier({ key, checkpoints: store });
    checkpointer = new AuditCheckpointer(db.dataSource, key, store);
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every head update carries a signature over (chain id, seq, hash) that verifies with the key', async () => {
    await append(ORG_A, 3);
    const [head]: { seq: string; signature: string | null; key_id: string | null }[] =
      await db.dataSource.query(`SELECT seq::text AS seq, signature, key_id FROM audit_chain_heads`);
    expect(head).toMatchObject({ seq: '3', key_id: key.keyId });
    expect(head!.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(await verifier.verify(db.dataSource)).toMatchObject({ ok: true, checked: 3, broken: [] });
  });

  it('a superuser who rewrites a row and recomputes every later hash and the head is reported (head signature)', async () => {
    await append(ORG_A, 5);
    await rewriteChain(db.dataSource, ORG_A, 2);
    // The unkeyed chain is consistent again: only the signature tells.
    const result = await verifier.verify(db.dataSource);
    expect(result.ok).toBe(false);
    expect(result.broken).toEqual([
      { chainId: ORG_A, seq: 5, eventId: expect.any(String), reason: 'head-signature' },
    ]);
  });

  it('the writer refuses to extend a head whose signature does not verify (no laundering by the next write)', async () => {
    await append(ORG_A, 2);
    await rewriteChain(db.dataSource, ORG_A, 1);
    await expect(inTransaction(db.dataSource, (m) => writer.record(m, event(ORG_A, 9)))).rejects.toThrow(
      /signature does not verify/,
    );
    expect((await verifier.verify(db.dataSource)).broken).toEqual([
      expect.objectContaining({ chainId: ORG_A, reason: 'head-signature' }),
    ]);
  });

  it('a head whose signature was removed is reported', async () => {
    await append(ORG_A, 2);
    await asSuperuser(db.dataSource, (q) =>
      q(`UPDATE audit_chain_heads SET signature = NULL`).then(() => undefined),
    );
    expect((await verifier.verify(db.dataSource)).broken).toEqual([
      expect.objectContaining({ chainId: ORG_A, seq: 2, reason: 'head-unsigned' }),
    ]);
  });

  it('a chain truncated back to an earlier, validly signed head is reported against the last checkpoint', async () => {
    await append(ORG_A, 3);
    // The attacker kept an old head row (e.g. from a backup): its signature is genuine.
    const [old]: { seq: string; hash: string; signature: string }[] = await db.dataSource.query(
      `SELECT seq::text AS seq, hash, signature FROM audit_chain_heads WHERE chain_id = $1`,
      [ORG_A],
    );
    await append(ORG_A, 2);
    const taken = await checkpointer.checkpoint();
    expect(taken).toMatchObject({ chains: 1, withheld: [] });
    expect(await verifier.verify(db.dataSource)).toMatchObject({
      ok: true,
      checkpoint: { status: 'VERIFIED', takenAt: taken.takenAt },
    });

    await asSuperuser(db.dataSource, async (q) => {
      await q(`DELETE FROM audit_events WHERE chain_id = $1 AND seq > 3`, [ORG_A]);
      await q(`UPDATE audit_chain_heads SET seq = $2, hash = $3, signature = $4 WHERE chain_id = $1`, [
        ORG_A,
        old!.seq,
        old!.hash,
        old!.signature,
      ]);
    });
    const result = await verifier.verify(db.dataSource);
    expect(result.ok).toBe(false);
    expect(result.broken).toEqual([
      { chainId: ORG_A, seq: 3, eventId: expect.any(String), reason: 'checkpoint-rollback' },
    ]);
  });

  it('a chain removed altogether (events and head) is reported from the checkpoint', async () => {
    await append(ORG_A, 2);
    await append(ORG_B, 1);
    await checkpointer.checkpoint();
    await asSuperuser(db.dataSource, async (q) => {
      await q(`DELETE FROM audit_events WHERE chain_id = $1`, [ORG_B]);
      await q(`DELETE FROM audit_chain_heads WHERE chain_id = $1`, [ORG_B]);
    });
    expect((await verifier.verify(db.dataSource)).broken).toEqual([
      { chainId: ORG_B, seq: 0, eventId: null, reason: 'checkpoint-rollback' },
    ]);
  });

  it('reports every broken chain, not the first: two rewritten chains, one of them on a second lane', async () => {
    await append(ORG_A, 3);
    await append(ORG_B, 3);
    // A second lane of ORG_B: hold lane 0 open while another writer appends.
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await writer.record(runner.manager, event(ORG_B, 7));
    await inTransaction(db.dataSource, (m) => writer.record(m, event(ORG_B, 8)));
    await runner.commitTransaction();
    await runner.release();
    const laneB1 = auditLaneChainId(ORG_B, 1);

    await rewriteChain(db.dataSource, ORG_A, 2);
    await rewriteChain(db.dataSource, laneB1, 1);
    const result = await verifier.verify(db.dataSource);
    expect(result.ok).toBe(false);
    expect(result.broken.map((b) => [b.chainId, b.reason]).sort()).toEqual(
      [
        [ORG_A, 'head-signature'],
        [laneB1, 'head-signature'],
      ].sort(),
    );
    expect(result.chains).toBe(3);
  });

  it('a rewrite before the checkpoint is reported as a checkpoint mismatch, and the next checkpoint does not anchor it', async () => {
    await append(ORG_A, 4);
    await checkpointer.checkpoint(new Date('2026-01-01T00:00:00.000Z'));
    // The attacker has the database and rewrites, and also the chain head... but not the key: re-sign impossible.
    await rewriteChain(db.dataSource, ORG_A, 2);
    const next = await checkpointer.checkpoint(new Date('2026-01-01T00:15:00.000Z'));
    expect(next.withheld).toEqual([{ chainId: ORG_A, seq: 4 }]);
    const result = await verifier.verify(db.dataSource);
    expect(result.checkpoint).toMatchObject({ status: 'VERIFIED', takenAt: '2026-01-01T00:15:00.000Z' });
    expect(result.broken).toEqual([
      expect.objectContaining({ chainId: ORG_A, seq: 4, reason: 'head-signature' }),
    ]);
  });

  it('an edited or forged checkpoint file makes the verification fail (INVALID)', async () => {
    await append(ORG_A, 2);
    const taken = await checkpointer.checkpoint();
    const content = JSON.parse(readFileSync(taken.location, 'utf8')) as { chains: { seq: number }[] };
    content.chains[0]!.seq = 1;
    writeFileSync(taken.location, JSON.stringify(content));
    const result = await verifier.verify(db.dataSource);
    expect(result).toMatchObject({ ok: false, broken: [], checkpoint: { status: 'INVALID' } });
    // A checkpoint signed by another key is no better.
    const other = new AuditCheckpointer(db.dataSource, AuditSigningKey.generate(), store);
    await other.checkpoint(new Date(Date.now() + 60_000));
    expect((await verifier.verify(db.dataSource)).checkpoint.status).toBe('INVALID');
  });

  it('checkpoints are files of their database scope, newest last, never overwritten', async () => {
    await append(ORG_A, 1);
    await checkpointer.checkpoint(new Date('2026-01-01T00:00:00.000Z'));
    await append(ORG_A, 1);
    await checkpointer.checkpoint(new Date('2026-01-01T00:15:00.000Z'));
    const [scopeDir] = readdirSync(dir);
    const files = readdirSync(join(dir, scopeDir!)).sort();
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(/^checkpoint-20260101T001500000Z-[0-9a-f]{8}\.json$/);
    const latest = JSON.parse(readFileSync(join(dir, scopeDir!, files[1]!), 'utf8')) as {
      chains: { seq: number }[];
    };
    expect(latest.chains).toEqual([expect.objectContaining({ chainId: ORG_A, seq: 2 })]);
  });
});
