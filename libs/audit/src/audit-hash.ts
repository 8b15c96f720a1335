import { sha256Canonical } from '@lib/persistence';

/** prev_hash of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything that is hashed: every column of `audit_events` except `hash` itself. */
export interface HashedAuditFields {
  id: string;
  chainId: string;
  seq: number;
  actorId: string;
  organisationId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  fields: string[];
  purpose: string | null;
  justification: string | null;
  breakGlass: boolean;
  requestId: string | null;
  occurredAt: Date;
  prevHash: string;
}

/** SHA-256 (hex) over the canonical JSON (sorted keys, ISO times) of the event's fields, including `prevHash`. */
export function auditEventHash(e: HashedAuditFields): string {
  return sha256Canonical({
    v: 1,
    id: e.id,
    chainId: e.chainId,
    seq: e.seq,
    actorId: e.actorId,
    organisationId: e.organisationId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    caseId: e.caseId,
    fields: e.fields,
    purpose: e.purpose,
    justification: e.justification,
    breakGlass: e.breakGlass,
    requestId: e.requestId,
    occurredAt: e.occurredAt.toISOString(),
    prevHash: e.prevHash,
  });
}
