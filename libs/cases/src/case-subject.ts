import { type CaseSubject } from '@lib/authz';
import { type CaseEntity } from './case.entity';

/** The authorization facts of a case (ids, region, status: never personal data). */
export function caseSubject(c: CaseEntity, recipientOrganisationIds: readonly string[]): CaseSubject {
  return {
    kind: 'Case',
    id: c.id,
    owningOrganisationId: c.owningOrganisationId,
    region: c.region,
    status: c.status,
    recipientOrganisationIds,
    closureRequestedBy: c.closureRequestedBy,
  };
}
