import { Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { GENESIS_HASH, auditEventHash } from './audit-hash';
import { AUDIT_LANES, auditLaneChainId } from './audit-lanes';

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
  | 'head-mismatch';

export interface AuditBrokenLink {
  chainId: string;
  seq: number;
  eventId: string | null;
  reason: AuditBreakReason;
}

export interface AuditVerification {
  ok: boolean;
  /** Events whose hash and link were checked. */
  checked: number;
  chains: number;
  firstBroken?: AuditBrokenLink;
}

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

const BATCH = 5000;

/**
 * Recomputes every hash and link of every chain, or of one organisation's chains (its lanes, see audit-lanes.ts), in
 * keyset-paginated batches ordered by (chain_id, seq), and stops at the first broken link.
 */
@Injectable()
export class AuditVerifier {
  async verify(dataSource: DataSource, organisationId?: string): Promise<AuditVerification> {
    const chainIds = (
      organisationId
        ? await dataSource.query<{ chain_id: string }[]>(
            `SELECT chain_id FROM audit_chain_heads WHERE organisation_id = $1
             UNION SELECT DISTINCT chain_id FROM audit_events WHERE organisation_id = $1 ORDER BY 1`,
            [organisationId],
          )
        : await dataSource.query<{ chain_id: string }[]>(
            `SELECT chain_id FROM audit_chain_heads UNION SELECT DISTINCT chain_id FROM audit_events ORDER BY 1`,
          )
    ).map((r) => r.chain_id);

    let checked = 0;
    for (const chain of chainIds) {
      const heads = await dataSource.query<{ seq: string; hash: string; organisation_id: string; lane: number }[]>(
        `SELECT seq::text AS seq, hash, organisation_id, lane FROM audit_chain_heads WHERE chain_id = $1`,
        [chain],
      );
      const head = heads[0];
      if (head && (head.lane >= AUDIT_LANES || auditLaneChainId(head.organisation_id, head.lane) !== chain)) {
        return {
          ok: false,
          checked,
          chains: chainIds.length,
          firstBroken: { chainId: chain, seq: Number(head.seq), eventId: null, reason: 'head-mismatch' },
        };
      }
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let lastId: string | null = null;
      for (;;) {
        const rows = await dataSource.query<Row[]>(
          `SELECT id, chain_id, seq::text AS seq, actor_id, organisation_id, action, subject_type, subject_id, case_id,
                  fields, purpose, justification, break_glass, request_id, occurred_at, prev_hash, hash
           FROM audit_events WHERE chain_id = $1 AND audit_events.seq >= $2 ORDER BY audit_events.seq LIMIT ${BATCH}`,
          [chain, expectedSeq],
        );
        for (const row of rows) {
          const seq = Number(row.seq);
          const broken = (reason: AuditBreakReason): AuditVerification => ({
            ok: false,
            checked,
            chains: chainIds.length,
            firstBroken: { chainId: chain, seq, eventId: row.id, reason },
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
        }
        if (rows.length < BATCH) break;
      }
      const lastSeq = expectedSeq - 1;
      if (!head ? lastSeq !== 0 : Number(head.seq) !== lastSeq || head.hash !== prevHash) {
        return {
          ok: false,
          checked,
          chains: chainIds.length,
          firstBroken: { chainId: chain, seq: head ? Number(head.seq) : lastSeq, eventId: lastId, reason: 'head-mismatch' },
        };
      }
    }
    return { ok: true, checked, chains: chainIds.length };
  }
}
