import { createHash } from 'node:crypto';

/**
 * Each organisation's audit trail is a small, fixed set of parallel hash chains ("lanes"), so that writers of one
 * busy organisation do not queue behind each other's chain-head lock. A writer takes whichever lane is free at that
 * moment; lanes are created on demand, up to this many per organisation. Every lane is a complete chain of its own
 * (seq, prev_hash, head), verified like any other; the organisation's trail is the union of its lanes, ordered by
 * occurred_at.
 */
export const AUDIT_LANES = 8;
// Never lower it: the verifier reports a head on a lane at or above AUDIT_LANES as misplaced.

/**
 * The chain id of an organisation's lane: lane 0 is the organisation id itself (the single chain of earlier
 * versions), lane n > 0 a UUID derived from (organisation, n), so a head row re-pointed to another lane or another
 * organisation is detected by the verifier.
 */
export function auditLaneChainId(organisationId: string, lane: number): string {
  if (!Number.isInteger(lane) || lane < 0 || lane >= AUDIT_LANES)
    throw new Error('auditLaneChainId: invalid lane');
  if (lane === 0) return organisationId.toLowerCase();
  const hex = createHash('sha256')
    .update(`nrm-audit-lane:${organisationId.toLowerCase()}:${lane}`)
    .digest('hex');
  // RFC 9562 layout: version 8 (custom), variant 10.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
