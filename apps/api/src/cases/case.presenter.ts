import { type CaseAccess } from '@lib/cases';
import { DataProfile } from '@lib/domain';
import { CaseAccessKind, CaseModel } from './case.model';

/** CaseModel plus the access it was resolved with (NOT a GraphQL field: used by the survivor field resolver). */
export type PresentedCase = CaseModel & { readonly viewAccess: CaseAccess };

const KIND: Record<CaseAccess['kind'], CaseAccessKind> = {
  OWNER: CaseAccessKind.OWNER,
  RECIPIENT: CaseAccessKind.RECIPIENT,
  MONITOR: CaseAccessKind.MONITOR,
  BREAK_GLASS: CaseAccessKind.BREAK_GLASS,
};

/** Allow-lists case-level fields by what the viewer may see (authz allowedCaseFields); the rest are null. */
export function presentCase(access: CaseAccess): PresentedCase {
  const c = access.case;
  const may = (field: CaseAccess['caseFields'][number]): boolean => access.caseFields.includes(field);
  const model = Object.assign(new CaseModel(), {
    id: c.id,
    caseCode: may('caseCode') ? c.caseCode : null,
    category: may('category') ? c.category : null,
    riskLevel: may('riskLevel') ? c.riskLevel : null,
    isChild: may('isChild') ? c.isChild : null,
    status: may('status') ? c.status : null,
    region: may('region') ? c.region : null,
    openedAt: may('openedAt') ? c.openedAt : null,
    closedAt: may('closedAt') ? c.closedAt : null,
    incidentDate: may('incidentDate') ? c.incidentDate : null,
    incidentPlaceType: may('incidentPlaceType') ? c.incidentPlaceType : null,
    owningOrganisationId: may('owningOrganisationId') ? c.owningOrganisationId : null,
    version: access.kind === 'OWNER' ? c.version : null,
    access: KIND[access.kind],
    dataProfile: access.kind === 'OWNER' || access.kind === 'BREAK_GLASS' ? DataProfile.FULL : access.profile,
  });
  Object.defineProperty(model, 'viewAccess', { value: access, enumerable: false });
  return model as PresentedCase;
}
