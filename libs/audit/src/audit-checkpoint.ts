import { canonicalJson } from '@lib/persistence';
import { type AuditSigningKey } from './audit-signing-key';

export const AUDIT_CHECKPOINT_FORMAT = 'nrm-audit-checkpoint/v1';

/** One chain's position at checkpoint time: its head (last sequence number and that event's hash). */
export interface AuditCheckpointChain {
  chainId: string;
  organisationId: string;
  lane: number;
  seq: number;
  hash: string;
}

/**
 * Every chain head of one database at one instant, signed with the audit signing key and kept OUTSIDE the database
 * (see audit-checkpoint-store.ts). The verifier checks the database against the newest one: a chain shorter than its
 * checkpoint entry, or with another hash at that sequence number, was rolled back or rewritten.
 */
export interface AuditCheckpoint {
  format: typeof AUDIT_CHECKPOINT_FORMAT;
  /** Which database the checkpoint describes (AUDIT_CHECKPOINT_SCOPE, default the database name). */
  scope: string;
  takenAt: string;
  keyId: string;
  chains: AuditCheckpointChain[];
}

export interface SignedAuditCheckpoint extends AuditCheckpoint {
  /** Base64 Ed25519 over the canonical JSON of every other property. */
  signature: string;
}

function signingMessage(checkpoint: AuditCheckpoint): string {
  const { format, scope, takenAt, keyId, chains } = checkpoint;
  return `${AUDIT_CHECKPOINT_FORMAT}\n${canonicalJson({ format, scope, takenAt, keyId, chains })}`;
}

export function signCheckpoint(checkpoint: AuditCheckpoint, key: AuditSigningKey): SignedAuditCheckpoint {
  return { ...checkpoint, signature: key.sign(signingMessage(checkpoint)) };
}

function isChain(v: unknown): v is AuditCheckpointChain {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.chainId === 'string' &&
    typeof c.organisationId === 'string' &&
    typeof c.lane === 'number' &&
    typeof c.seq === 'number' &&
    Number.isSafeInteger(c.seq) &&
    typeof c.hash === 'string'
  );
}

/** The checkpoint if it is well formed and its signature verifies with `key`; null otherwise. */
export function verifiedCheckpoint(value: unknown, key: AuditSigningKey): SignedAuditCheckpoint | null {
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  if (
    c.format !== AUDIT_CHECKPOINT_FORMAT ||
    typeof c.scope !== 'string' ||
    typeof c.takenAt !== 'string' ||
    typeof c.keyId !== 'string' ||
    typeof c.signature !== 'string' ||
    !Array.isArray(c.chains) ||
    !c.chains.every(isChain)
  ) {
    return null;
  }
  const checkpoint: SignedAuditCheckpoint = {
    format: AUDIT_CHECKPOINT_FORMAT,
    scope: c.scope,
    takenAt: c.takenAt,
    keyId: c.keyId,
    chains: c.chains.map((x) => ({
      chainId: x.chainId,
      organisationId: x.organisationId,
      lane: x.lane,
      seq: x.seq,
      hash: x.hash,
    })),
    signature: c.signature,
  };
  return key.verify(signingMessage(checkpoint), checkpoint.signature) ? checkpoint : null;
}
