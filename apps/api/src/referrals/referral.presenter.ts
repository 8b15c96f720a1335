import { DataProfile, ReasonKind, reasonFor } from '@lib/domain';
import { type ReferralView } from '@lib/referrals';
import { ReferralModel } from './referral.model';

/** Allow-listed referral fields for its two parties (the legal justification stays in the sender's audit trail). */
export function presentReferral({ referral: r, caseCode }: ReferralView, viewerOrganisationId: string): ReferralModel {
  // The recipient of an anonymous incident notice does not get the case code (its data profile excludes it).
  const anonymousToViewer = r.dataProfile === DataProfile.ANONYMOUS_INCIDENT && r.toOrganisationId === viewerOrganisationId;
  return Object.assign(new ReferralModel(), {
    id: r.id,
    caseId: r.caseId,
    caseCode: anonymousToViewer ? null : caseCode,
    fromOrganisationId: r.fromOrganisationId,
    toOrganisationId: r.toOrganisationId,
    serviceType: r.serviceType,
    dataProfile: r.dataProfile,
    dataCategories: r.dataCategories,
    purpose: r.purpose,
    status: r.status,
    consentId: r.consentId,
    legalBasis: r.legalBasis,
    disclosureAuthorised: r.legalBasis === null || r.countersignedAt !== null,
    countersignedAt: r.countersignedAt,
    // Free text stays with the organisation that wrote it; the other party sees a reason only when it is a code.
    declineReason: reasonFor(ReasonKind.DECLINE, r.declineReason, viewerOrganisationId === r.toOrganisationId),
    withdrawReason: reasonFor(ReasonKind.WITHDRAWAL, r.withdrawReason, viewerOrganisationId === r.fromOrganisationId),
    outcomeNote: reasonFor(ReasonKind.OUTCOME, r.outcomeNote, viewerOrganisationId === r.toOrganisationId),
    responseDueAt: r.responseDueAt,
    serviceDueAt: r.serviceDueAt,
    respondedAt: r.respondedAt,
    completedAt: r.completedAt,
    createdAt: r.createdAt,
    version: r.version,
  });
}
