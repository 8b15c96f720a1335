import { type EntityManager } from 'typeorm';
import { type AppliedTransition, type WithdrawCause } from '@lib/contracts';
import { ReferralEventType } from '@lib/domain';
import { type LifecycleReferral, type ReferralLifecycleWriter } from '@lib/referrals';
import { type ReferralRow } from './read-model';

/** The locked referral row as the shared lifecycle writer reads it. */
export function lifecycleReferral(r: ReferralRow): LifecycleReferral {
  return {
    id: r.id,
    caseId: r.case_id,
    fromOrganisationId: r.from_organisation_id,
    toOrganisationId: r.to_organisation_id,
    status: r.status,
    version: r.version,
    purpose: r.purpose,
    serviceDueAt: r.service_due_at,
    createdBy: r.created_by,
  };
}

/**
 * Withdraws an active referral (`r` locked) through the shared lifecycle writer, recorded under the sender
 * organisation: status, open tasks cancelled (the recipient loses the inbox item), timeline, audit.
 */
export async function withdrawOne(
  lifecycle: ReferralLifecycleWriter,
  m: EntityManager,
  r: ReferralRow,
  cause: WithdrawCause,
  at: Date,
  actorId: string,
  consentId?: string,
): Promise<AppliedTransition> {
  const t = await lifecycle.apply(
    m,
    lifecycleReferral(r),
    { type: ReferralEventType.WITHDRAW, reason: cause },
    { staffId: actorId, organisationId: r.from_organisation_id },
    { at, requestId: null, cause, ...(consentId ? { consentId } : {}) },
  );
  return { referralId: r.id, status: t.to, version: t.version };
}
