import { type ConsentEntity } from '@lib/consents';
import { isConsentInForce } from '@lib/domain';
import { ConsentModel } from './consent.model';

/** Allow-listed consent fields (the withdrawal reason is not returned). */
export function presentConsent(c: ConsentEntity, now = new Date()): ConsentModel {
  return Object.assign(new ConsentModel(), {
    id: c.id,
    caseId: c.caseId,
    grantor: c.grantor,
    recipientOrganisationId: c.recipientOrganisationId,
    recipientOrganisationType: c.recipientOrganisationType,
    dataCategories: c.dataCategories,
    purposes: c.purposes,
    method: c.method,
    grantedAt: c.grantedAt,
    expiresAt: c.expiresAt,
    withdrawnAt: c.withdrawnAt,
    inForce: isConsentInForce(
      { ...c, grantedAt: c.grantedAt, expiresAt: c.expiresAt, withdrawnAt: c.withdrawnAt },
      now,
    ),
  });
}
