import type { ConsentPurpose, DataCategory, OrganisationType, ReferralStatus } from '../../gql/graphql';

export interface ConsentView {
  id: string;
  dataCategories: readonly DataCategory[];
  purposes: readonly ConsentPurpose[];
  inForce: boolean;
  recipientOrganisationId?: string | null;
  recipientOrganisationType?: OrganisationType | null;
}

export interface ReferralView {
  id: string;
  consentId?: string | null;
  status: ReferralStatus;
  toOrganisationId: string;
}

/** Referrals a withdrawal would stop: those that rely on this consent and are still pending or accepted. */
export function affectedByWithdrawal(consentId: string, referrals: readonly ReferralView[]): ReferralView[] {
  return referrals.filter(
    (r) => r.consentId === consentId && (r.status === 'PENDING' || r.status === 'ACCEPTED'),
  );
}

/**
 * The categories the recorded consents do not cover for this recipient and purpose: shown before submitting. The API
 * decides (FORBIDDEN with `missingCategories`); this is the same reading of what it returned, for the person to see.
 */
export function missingCategories(
  consents: readonly ConsentView[],
  recipient: { id: string; type: OrganisationType },
  purpose: ConsentPurpose,
  wanted: readonly DataCategory[],
): DataCategory[] {
  const covered = new Set<DataCategory>();
  for (const c of consents) {
    if (!c.inForce || !c.purposes.includes(purpose)) continue;
    const forRecipient =
      c.recipientOrganisationId === recipient.id ||
      (!c.recipientOrganisationId && c.recipientOrganisationType === recipient.type);
    if (forRecipient) for (const d of c.dataCategories) covered.add(d);
  }
  return wanted.filter((d) => !covered.has(d));
}
