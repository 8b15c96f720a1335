import { type DataSource } from 'typeorm';
import {
  AUDIT_CHECKPOINT_FORMAT,
  type AuditCheckpointChain,
  signCheckpoint,
  verifiedCheckpoint,
} from './audit-checkpoint';
import { type AuditCheckpointStore } from './audit-checkpoint-store';
import { type AuditSigningKey, headSigningMessage } from './audit-signing-key';

/** Which database checkpoints describe: AUDIT_CHECKPOINT_SCOPE, else the database's name. */
export async function auditCheckpointScope(
  dataSource: DataSource,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (env.AUDIT_CHECKPOINT_SCOPE) return env.AUDIT_CHECKPOINT_SCOPE;
  const [row] = await dataSource.query<{ name: string }[]>(`SELECT current_database() AS name`);
  return row!.name;
}

export interface AuditCheckpointResult {
  location: string;
  takenAt: string;
  /** Chains in the checkpoint. */
  chains: number;
  /**
   * Chains whose head could not be vouched for (unsigned, bad signature, behind or different from the previous
   * checkpoint): their previous checkpoint entry is carried forward unchanged instead. Ids only.
   */
  withheld: { chainId: string; seq: number }[];
}

interface HeadRow {
  chain_id: string;
  organisation_id: string;
  lane: number;
  seq: string;
  hash: string;
  signature: string | null;
  prev_event_hash: string | null;
}

/**
 * Takes a signed checkpoint of every chain head and writes it to the store. A head is included only if its signature
 * verifies AND, when the previous checkpoint has the chain, the chain still holds the previous checkpoint's hash at
 * that sequence number; otherwise the previous entry is carried forward, so a rewrite is never anchored and the
 * verifier keeps reporting it.
 */
export class AuditCheckpointer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly key: AuditSigningKey,
    private readonly store: AuditCheckpointStore,
  ) {}

  async checkpoint(now: Date = new Date()): Promise<AuditCheckpointResult> {
    const scope = await auditCheckpointScope(this.dataSource);
    const previous = await this.store.latest(scope);
    const prior = previous ? verifiedCheckpoint(previous.content, this.key) : null;
    const priorChains = new Map((prior?.chains ?? []).map((c) => [c.chainId, c]));
    const priorSeqs = [...priorChains.values()];
    // One statement, one snapshot: every head, and the event at the previous checkpoint's seq of its chain.
    const heads = await this.dataSource.query<HeadRow[]>(
      `SELECT h.chain_id, h.organisation_id, h.lane, h.seq::text AS seq, h.hash, h.signature, e.hash AS prev_event_hash
         FROM audit_chain_heads h
         LEFT JOIN unnest($1::uuid[], $2::bigint[]) AS p(chain_id, seq) ON p.chain_id = h.chain_id
         LEFT JOIN audit_events e ON e.chain_id = p.chain_id AND e.seq = p.seq
        ORDER BY h.chain_id`,
      [priorSeqs.map((c) => c.chainId), priorSeqs.map((c) => c.seq)],
    );
    const chains: AuditCheckpointChain[] = [];
    const withheld: AuditCheckpointResult['withheld'] = [];
    const seen = new Set<string>();
    for (const h of heads) {
      seen.add(h.chain_id);
      const seq = Number(h.seq);
      const before = priorChains.get(h.chain_id);
      const signed = this.key.verify(headSigningMessage(h.chain_id, seq, h.hash), h.signature);
      const extendsPrior =
        !before ||
        (seq >= before.seq &&
          (before.seq === 0 ||
            (seq === before.seq ? h.hash === before.hash : h.prev_event_hash === before.hash)));
      if (signed && extendsPrior) {
        chains.push({
          chainId: h.chain_id,
          organisationId: h.organisation_id,
          lane: h.lane,
          seq,
          hash: h.hash,
        });
      } else {
        withheld.push({ chainId: h.chain_id, seq });
        if (before) chains.push(before);
      }
    }
    for (const before of priorSeqs) {
      if (seen.has(before.chainId)) continue;
      withheld.push({ chainId: before.chainId, seq: 0 });
      chains.push(before);
    }
    chains.sort((a, b) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0));
    const takenAt = now.toISOString();
    const signed = signCheckpoint(
      { format: AUDIT_CHECKPOINT_FORMAT, scope, takenAt, keyId: this.key.keyId, chains },
      this.key,
    );
    const location = await this.store.write(signed);
    return { location, takenAt, chains: chains.length, withheld };
  }
}
