import { type EntityManager } from 'typeorm';
import { type ConsentRecord } from '@lib/domain';
import { entityColumns, hydrateEntity, preparedQuery } from '@lib/persistence';
import { ConsentEntity } from './consent.entity';

export function toConsentRecord(c: ConsentEntity): ConsentRecord {
  return {
    id: c.id,
    grantor: c.grantor,
    recipientOrganisationId: c.recipientOrganisationId,
    recipientOrganisationType: c.recipientOrganisationType,
    dataCategories: c.dataCategories,
    purposes: c.purposes,
    grantedAt: c.grantedAt,
    expiresAt: c.expiresAt,
    withdrawnAt: c.withdrawnAt,
  };
}

/** Every consent of a case, as the domain rules take them (in-force filtering is the rules' job). */
export async function loadConsentRecords(manager: EntityManager, caseId: string): Promise<ConsentRecord[]> {
  const rows = await preparedQuery(
    manager,
    `SELECT ${entityColumns(manager, ConsentEntity)} FROM consents WHERE case_id = $1 ORDER BY granted_at, id`,
    [caseId],
  );
  return rows.map((row) => toConsentRecord(hydrateEntity(manager, ConsentEntity, row)));
}
