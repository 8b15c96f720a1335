import { Inject, Injectable, Optional } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type SignedAuditCheckpoint, verifiedCheckpoint } from './audit-checkpoint';
import { type AuditCheckpointStore, checkpointStoreFromEnv } from './audit-checkpoint-store';
import { auditCheckpointScope } from './audit-checkpointer';
import { GENESIS_HASH, auditEventHash } from './audit-hash';
import { AUDIT_LANES, auditLaneChainId } from './audit-lanes';
import { AuditSigningKey, headSigningMessage, processAuditSigningKey } from './audit-signing-key';

export type AuditBreakReason =
  /** A sequence number is missing or repeated (a row was deleted or inserted out of band). */
  | 'seq-gap'
  /** prev_hash does not equal the previous event's hash (a link was cut or re-pointed). */
  | 'prev-hash-mismatch'
  /** The stored hash does not match the event's content (the row was altered). */
  | 'hash-mismatch'
  /**
   * The chain head does not point at the last event (events removed from the end, or head altered), or the head is
   * not where its organisation's lane must be (re-pointed).
   */
  | 'head-mismatch'
  /** The head's signature does not verify with the audit signing key (head rewritten without the key). */
  | 'head-signature'
  /** The head has no signature (written before signatures, and not extended since; or its signature was removed). */
  | 'head-unsigned'
  /** The chain is shorter than in the last checkpoint, or missing (rolled back / truncated). */
  | 'checkpoint-rollback'
  /** The chain holds another event at the last checkpoint's sequence number (rewritten). */
  | 'checkpoint-mismatch';

export interface AuditBrokenLink {
  chainId: string;
  seq: number;
  eventId: string | null;
  reason: AuditBreakReason;
}

export type AuditCheckpointStatus =
  /** The newest checkpoint of this database verified and was compared. */
  | 'VERIFIED'
  /** No checkpoint for this database in the store (nothing to compare against). */
  | 'NONE'
  /** The newest checkpoint is malformed or its signature does not verify: the trail cannot be vouched for. */
  | 'INVALID';

export interface AuditVerification {
  ok: boolean;
  /** Events whose hash and link were checked. */
  checked: number;
  chains: number;
  /** The first break of EVERY broken chain, ordered by chain id (ids and sequence numbers only). */
  broken: AuditBrokenLink[];
  /** The first of `broken` (kept for earlier callers). */
  firstBroken?: AuditBrokenLink;
  checkpoint: { status: AuditCheckpointStatus; takenAt: string | null; location: string | null };
}

export interface AuditVerifierOptions {
  /** The audit signing key (its public half suffices); default the process's. */
  key?: AuditSigningKey;
  /** Where checkpoints are; default AUDIT_CHECKPOINT_DIR / `.data/audit-checkpoints`. */
  checkpoints?: AuditCheckpointStore;
}

export const AUDIT_VERIFIER_OPTIONS = Symbol('AUDIT_VERIFIER_OPTIONS');

interface Row {
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
  prev_hash: string;
  hash: string;
}

interface HeadRow {
  seq: string;
  hash: string;
  organisation_id: string;
  lane: number;
  signature: string | null;
}

const BATCH = 5000;

/**
 * Verifies every chain (or one organisation's lanes, see audit-lanes.ts): each hash and link, in keyset-paginated
 * batches ordered by (chain_id, seq); the head (position, and its Ed25519 signature by a key outside the database);
 * and the chain against the newest signed checkpoint kept outside the database. Reports the first break of every
 * broken chain, not only the first broken chain.
 */
@Injectable()
export class AuditVerifier {
  private readonly options: AuditVerifierOptions;

  constructor(@Optional() @Inject(AUDIT_VERIFIER_OPTIONS) options?: AuditVerifierOptions) {
    this.options = options ?? {};
  }

  async verify(dataSource: DataSource, organisationId?: string): Promise<AuditVerification> {
    const key = (this.options.key ??= processAuditSigningKey());
    const store = (this.options.checkpoints ??= checkpointStoreFromEnv());
    const scope = await auditCheckpointScope(dataSource);
    const stored = await store.latest(scope);
    const checkpoint: SignedAuditCheckpoint | null = stored ? verifiedCheckpoint(stored.content, key) : null;
    const checkpointReport: AuditVerification['checkpoint'] = {
      status: !stored ? 'NONE' : checkpoint ? 'VERIFIED' : 'INVALID',
      takenAt: checkpoint?.takenAt ?? null,
      location: stored?.location ?? null,
    };
    const org = organisationId?.toLowerCase();
    const anchors = new Map(
      (checkpoint?.chains ?? [])
        .filter((c) => org === undefined || c.organisationId === org)
        .map((c) => [c.chainId, c]),
    );

    const fromDb = (
      org
        ? await dataSource.query<{ chain_id: string }[]>(
            `SELECT chain_id FROM audit_chain_heads WHERE organisation_id = $1
             UNION SELECT DISTINCT chain_id FROM audit_events WHERE organisation_id = $1`,
            [org],
          )
        : await dataSource.query<{ chain_id: string }[]>(
            `SELECT chain_id FROM audit_chain_heads UNION SELECT DISTINCT chain_id FROM audit_events`,
          )
    ).map((r) => r.chain_id);
    const chainIds = [...new Set([...fromDb, ...anchors.keys()])].sort();

    let checked = 0;
    const broken: AuditBrokenLink[] = [];
    for (const chain of chainIds) {
      const result = await this.verifyChain(dataSource, chain, key, anchors.get(chain) ?? null);
      checked += result.checked;
      if (result.broken) broken.push(result.broken);
    }
    const ok = broken.length === 0 && checkpointReport.status !== 'INVALID';
    return {
      ok,
      checked,
      chains: chainIds.length,
      broken,
      ...(broken[0] ? { firstBroken: broken[0] } : {}),
      checkpoint: checkpointReport,
    };
  }

  private async verifyChain(
    dataSource: DataSource,
    chain: string,
    key: AuditSigningKey,
    anchor: { seq: number; hash: string } | null,
  ): Promise<{ checked: number; broken?: AuditBrokenLink }> {
    const heads = await dataSource.query<HeadRow[]>(
      `SELECT seq::text AS seq, hash, organisation_id, lane, signature FROM audit_chain_heads WHERE chain_id = $1`,
      [chain],
    );
    const head = heads[0];
    const headBreak = (reason: AuditBreakReason, eventId: string | null = null): AuditBrokenLink => ({
      chainId: chain,
      seq: head ? Number(head.seq) : 0,
      eventId,
      reason,
    });
    if (head && (head.lane >= AUDIT_LANES || auditLaneChainId(head.organisation_id, head.lane) !== chain)) {
      return { checked: 0, broken: headBreak('head-mismatch') };
    }
    let checked = 0;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let lastId: string | null = null;
    let anchorHash: string | null = null;
    let anchorEventId: string | null = null;
    for (;;) {
      const rows = await dataSource.query<Row[]>(
        `SELECT id, chain_id, seq::text AS seq, actor_id, organisation_id, action, subject_type, subject_id, case_id,
                fields, purpose, justification, break_glass, request_id, occurred_at, prev_hash, hash
         FROM audit_events WHERE chain_id = $1 AND audit_events.seq >= $2 ORDER BY audit_events.seq LIMIT ${BATCH}`,
        [chain, expectedSeq],
      );
      for (const row of rows) {
        const seq = Number(row.seq);
        const broken = (reason: AuditBreakReason) => ({
          checked,
          broken: { chainId: chain, seq, eventId: row.id, reason },
        });
        if (seq !== expectedSeq) return broken('seq-gap');
        if (row.prev_hash !== prevHash) return broken('prev-hash-mismatch');
        const recomputed = auditEventHash({
          id: row.id,
          chainId: row.chain_id,
          seq,
          actorId: row.actor_id,
          organisationId: row.organisation_id,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          caseId: row.case_id,
          fields: row.fields,
          purpose: row.purpose,
          justification: row.justification,
          breakGlass: row.break_glass,
          requestId: row.request_id,
          occurredAt: row.occurred_at,
          prevHash: row.prev_hash,
        });
        if (recomputed !== row.hash) return broken('hash-mismatch');
        checked++;
        expectedSeq = seq + 1;
        prevHash = row.hash;
        lastId = row.id;
        if (anchor && seq === anchor.seq) {
          anchorHash = row.hash;
          anchorEventId = row.id;
        }
      }
      if (rows.length < BATCH) break;
    }
    const lastSeq = expectedSeq - 1;
    if (!head ? lastSeq !== 0 : Number(head.seq) !== lastSeq || head.hash !== prevHash) {
      return {
        checked,
        broken: {
          chainId: chain,
          seq: head ? Number(head.seq) : lastSeq,
          eventId: lastId,
          reason: 'head-mismatch',
        },
      };
    }
    if (head && lastSeq > 0) {
      if (head.signature === null) return { checked, broken: headBreak('head-unsigned', lastId) };
      if (!key.verify(headSigningMessage(chain, lastSeq, head.hash), head.signature)) {
        return { checked, broken: headBreak('head-signature', lastId) };
      }
    }
    if (anchor) {
      if (lastSeq < anchor.seq)
        return {
          checked,
          broken: { chainId: chain, seq: lastSeq, eventId: lastId, reason: 'checkpoint-rollback' },
        };
      if (anchorHash !== anchor.hash) {
        return {
          checked,
          broken: { chainId: chain, seq: anchor.seq, eventId: anchorEventId, reason: 'checkpoint-mismatch' },
        };
      }
    }
    return { checked };
  }
}
