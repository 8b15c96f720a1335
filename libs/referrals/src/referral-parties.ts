import { Action, type ReferralSubject, defineAbilityFor } from '@lib/authz';
import { type CaseActor, type CaseTeam } from '@lib/cases';
import { DomainError } from '@lib/domain';
import { type ReferralEntity } from './referral.entity';

/** Which side of a referral the actor is on, if any. Outsiders get NOT_FOUND (existence is not revealed). */
export type ReferralSide = 'SENDER' | 'RECIPIENT';

/** What a referral's authorization needs of its case: the region and the team (access follows assignment). */
export interface ReferralCaseFacts extends CaseTeam {
  region: string;
}

export function referralSubject(referral: ReferralEntity, facts: ReferralCaseFacts): ReferralSubject {
  return {
    kind: 'Referral',
    id: referral.id,
    caseId: referral.caseId,
    fromOrganisationId: referral.fromOrganisationId,
    toOrganisationId: referral.toOrganisationId,
    status: referral.status,
    region: facts.region,
    teamIds: facts.teamIds,
    assignedOrganisationIds: facts.assignedOrganisationIds,
  };
}

/** SENDER / RECIPIENT when the CASL rules let the actor read the referral as that party; null otherwise. */
export function referralSide(actor: CaseActor, referral: ReferralEntity, facts: ReferralCaseFacts): ReferralSide | null {
  if (!defineAbilityFor(actor).can(Action.Read, referralSubject(referral, facts))) return null;
  if (referral.fromOrganisationId === actor.organisationId) return 'SENDER';
  // A legal-basis referral reaches its recipient only once countersigned.
  const visibleToRecipient = referral.legalBasis === null || referral.countersignedAt !== null;
  if (referral.toOrganisationId === actor.organisationId && visibleToRecipient) return 'RECIPIENT';
  return null; // e.g. a monitoring officer: de-identified views only (regionCaseStatus)
}

/**
 * The referral, if the actor may `action` it from `side`: NOT_FOUND for outsiders, FORBIDDEN for the other party or a
 * role that may not. Call after the state check (state problems are CONFLICTs, reported first).
 */
export function requireSide(actor: CaseActor, referral: ReferralEntity | null, facts: ReferralCaseFacts, side: ReferralSide): ReferralEntity {
  if (!referral) throw DomainError.notFound('Referral');
  const actual = referralSide(actor, referral, facts);
  if (actual === null) throw DomainError.notFound('Referral');
  if (actual !== side) {
    throw DomainError.forbidden(side === 'RECIPIENT' ? 'Only the recipient organisation can do this' : 'Only the sending organisation can do this');
  }
  return referral;
}
