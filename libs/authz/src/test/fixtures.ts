import { CaseStatus, OrganisationType, ReferralStatus, StaffRole } from '@lib/domain';
import { type Actor } from '../actor';
import { type CaseSubject, type ReferralSubject } from '../subjects';

/** Test fixtures (ids are readable strings; authorization never parses them). */
export const ORG = {
  dost: { id: 'org-dost', type: OrganisationType.DOST_CENTER, region: 'Baku' },
  dost2: { id: 'org-dost2', type: OrganisationType.DOST_CENTER, region: 'Baku' },
  police: { id: 'org-police', type: OrganisationType.POLICE, region: 'Baku' },
  shelter: { id: 'org-shelter', type: OrganisationType.SHELTER, region: 'Baku' },
  ngo: { id: 'org-ngo', type: OrganisationType.NGO, region: 'Baku' },
  wsl: { id: 'org-wsl', type: OrganisationType.HELPLINE, region: 'Baku' },
  mg: { id: 'org-mg', type: OrganisationType.MONITORING_GROUP, region: 'Baku' },
  mgGanja: { id: 'org-mg-ganja', type: OrganisationType.MONITORING_GROUP, region: 'Ganja' },
  dostGanja: { id: 'org-dost-ganja', type: OrganisationType.DOST_CENTER, region: 'Ganja' },
  coord: { id: 'org-coord', type: OrganisationType.COORDINATOR, region: 'Baku' },
} as const;

export type OrgKey = keyof typeof ORG;

export function actor(
  roles: StaffRole[],
  org: OrgKey = 'dost',
  staffId = `staff-${org}-${roles.join('+')}`,
): Actor {
  const o = ORG[org];
  return { staffId, organisationId: o.id, organisationType: o.type, region: o.region, roles };
}

export function caseOf(owner: OrgKey, over: Partial<CaseSubject> = {}): CaseSubject {
  return {
    kind: 'Case',
    id: `case-${owner}`,
    owningOrganisationId: ORG[owner].id,
    region: ORG[owner].region,
    status: CaseStatus.OPEN,
    recipientOrganisationIds: [],
    closureRequestedBy: null,
    teamIds: [],
    assignedOrganisationIds: [],
    ...over,
  };
}

export function referral(
  from: OrgKey,
  to: OrgKey,
  status: ReferralStatus,
  over: Partial<ReferralSubject> = {},
): ReferralSubject {
  return {
    kind: 'Referral',
    id: `ref-${from}-${to}-${status}`,
    fromOrganisationId: ORG[from].id,
    toOrganisationId: ORG[to].id,
    status,
    region: ORG[from].region,
    teamIds: [],
    assignedOrganisationIds: [],
    ...over,
  };
}
