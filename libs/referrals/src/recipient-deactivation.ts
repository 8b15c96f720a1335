import { type EntityManager } from 'typeorm';
import { preparedQuery } from '@lib/persistence';

/** The coded decline reason of a referral sent back because its recipient was deactivated. */
export const RECIPIENT_DEACTIVATED_REASON = 'ORGANISATION_DEACTIVATED';

/**
 * True when the referral's recipient organisation is deactivated: then the system (no staff member) may decline its
 * PENDING referrals, which sends each back to its sender with a REROUTE task.
 */
export async function recipientIsDeactivated(m: EntityManager, toOrganisationId: string): Promise<boolean> {
  const rows: { active: boolean }[] = await preparedQuery(
    m,
    `SELECT active FROM organisations WHERE id = $1`,
    [toOrganisationId],
  );
  return rows[0]?.active === false;
}
