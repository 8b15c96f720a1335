import { type DataSource } from 'typeorm';
import { OrganisationType, ServiceType, StaffRole } from '@lib/domain';
import { inTransaction } from '../transaction';

/**
 * Demo organisations and one staff member per role, with fixed UUIDs so tests, docs and demo tokens can refer to
 * them. Idempotent: re-running brings the rows back to these values (upsert by id). No survivor data.
 *
 * Regions: every local body is in "Baku"; the helplines, the SSA and the State Committee serve the whole country
 * ("national").
 */
export const DEMO_REGION = 'Baku';
export const NATIONAL_REGION = 'national';

export const DEMO_ORG_IDS = {
  DOST_BAKU: '10000000-0000-4000-8000-000000000001',
  WOMEN_SUPPORT_LINE: '10000000-0000-4000-8000-000000000002',
  CHILD_HELPLINE: '10000000-0000-4000-8000-000000000003',
  POLICE_BAKU: '10000000-0000-4000-8000-000000000004',
  SSA: '10000000-0000-4000-8000-000000000005',
  SHELTER: '10000000-0000-4000-8000-000000000006',
  NGO_LEGAL_CLINIC: '10000000-0000-4000-8000-000000000007',
  MONITORING_BAKU: '10000000-0000-4000-8000-000000000008',
  STATE_COMMITTEE: '10000000-0000-4000-8000-000000000009',
} as const;

export interface DemoOrganisation {
  id: string;
  name: string;
  type: OrganisationType;
  region: string;
  services: ServiceType[];
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  {
    id: DEMO_ORG_IDS.DOST_BAKU,
    name: 'DOST Centre No. 1 (Baku)',
    type: OrganisationType.DOST_CENTER,
    region: DEMO_REGION,
    services: [ServiceType.SOCIAL_ASSISTANCE, ServiceType.LEGAL_AID, ServiceType.PSYCHOLOGICAL_SUPPORT],
  },
  {
    id: DEMO_ORG_IDS.WOMEN_SUPPORT_LINE,
    name: 'Women Support Line',
    type: OrganisationType.HELPLINE,
    region: NATIONAL_REGION,
    services: [ServiceType.PSYCHOLOGICAL_SUPPORT],
  },
  {
    id: DEMO_ORG_IDS.CHILD_HELPLINE,
    name: 'Child Helpline 116111',
    type: OrganisationType.HELPLINE,
    region: NATIONAL_REGION,
    services: [ServiceType.PSYCHOLOGICAL_SUPPORT],
  },
  {
    id: DEMO_ORG_IDS.POLICE_BAKU,
    name: 'Baku City Police, Nasimi District Department',
    type: OrganisationType.POLICE,
    region: DEMO_REGION,
    services: [ServiceType.INCIDENT_NOTIFICATION, ServiceType.ANONYMOUS_INCIDENT_NOTICE, ServiceType.PROTECTION_ORDER_SUPPORT],
  },
  {
    id: DEMO_ORG_IDS.SSA,
    name: 'Social Services Agency',
    type: OrganisationType.SSA,
    region: NATIONAL_REGION,
    services: [ServiceType.SHELTER_PLACEMENT, ServiceType.SOCIAL_ASSISTANCE],
  },
  {
    id: DEMO_ORG_IDS.SHELTER,
    name: 'Assistance Centre for Persons Harmed by Domestic Violence',
    type: OrganisationType.SHELTER,
    region: DEMO_REGION,
    services: [ServiceType.SHELTER_PLACEMENT],
  },
  {
    id: DEMO_ORG_IDS.NGO_LEGAL_CLINIC,
    name: 'Legal Clinic (NGO)',
    type: OrganisationType.NGO,
    region: DEMO_REGION,
    services: [ServiceType.LEGAL_AID, ServiceType.PSYCHOLOGICAL_SUPPORT, ServiceType.EMPLOYMENT_SUPPORT],
  },
  {
    id: DEMO_ORG_IDS.MONITORING_BAKU,
    name: 'Baku Monitoring Group on Gender-Based Violence and Violence against Children',
    type: OrganisationType.MONITORING_GROUP,
    region: DEMO_REGION,
    services: [],
  },
  {
    id: DEMO_ORG_IDS.STATE_COMMITTEE,
    name: 'State Committee for Family, Women and Children Affairs',
    type: OrganisationType.COORDINATOR,
    region: NATIONAL_REGION,
    services: [],
  },
];

export const DEMO_USERNAMES = {
  DOST_INTAKE: 'dost.intake',
  DOST_MANAGER: 'dost.manager',
  DOST_LAWYER: 'dost.lawyer',
  DOST_PSYCHOLOGIST: 'dost.psychologist',
  DOST_SUPERVISOR: 'dost.supervisor',
  WSL_OPERATOR: 'wsl.operator',
  SSA_OFFICER: 'ssa.officer',
  SHELTER_OFFICER: 'shelter.officer',
  POLICE_OFFICER: 'police.officer',
  NGO_LAWYER: 'ngo.lawyer',
  MONITORING_OFFICER: 'monitoring.officer',
  AUDITOR: 'auditor',
  ADMIN: 'admin',
} as const;

export type DemoUsername = (typeof DEMO_USERNAMES)[keyof typeof DEMO_USERNAMES];

export const DEMO_USER_IDS: Readonly<Record<DemoUsername, string>> = {
  'dost.intake': '20000000-0000-4000-8000-000000000001',
  'dost.manager': '20000000-0000-4000-8000-000000000002',
  'dost.lawyer': '20000000-0000-4000-8000-000000000003',
  'dost.psychologist': '20000000-0000-4000-8000-000000000004',
  'dost.supervisor': '20000000-0000-4000-8000-000000000005',
  'wsl.operator': '20000000-0000-4000-8000-000000000006',
  'ssa.officer': '20000000-0000-4000-8000-000000000007',
  'shelter.officer': '20000000-0000-4000-8000-000000000008',
  'police.officer': '20000000-0000-4000-8000-000000000009',
  'ngo.lawyer': '20000000-0000-4000-8000-000000000010',
  'monitoring.officer': '20000000-0000-4000-8000-000000000011',
  auditor: '20000000-0000-4000-8000-000000000012',
  admin: '20000000-0000-4000-8000-000000000013',
};

export interface DemoStaffMember {
  id: string;
  username: DemoUsername;
  displayName: string;
  organisationId: string;
  roles: StaffRole[];
  supervisorId: string | null;
}

const DOST_SUPERVISOR_ID = DEMO_USER_IDS['dost.supervisor'];

/** Supervisors come before the staff they supervise (insertion order). */
export const DEMO_STAFF: readonly DemoStaffMember[] = [
  staff('dost.supervisor', 'DOST Supervisor', DEMO_ORG_IDS.DOST_BAKU, [StaffRole.SUPERVISOR], null),
  staff('dost.intake', 'DOST Intake Officer', DEMO_ORG_IDS.DOST_BAKU, [StaffRole.INTAKE_OFFICER], DOST_SUPERVISOR_ID),
  staff('dost.manager', 'DOST Case Manager', DEMO_ORG_IDS.DOST_BAKU, [StaffRole.CASE_MANAGER], DOST_SUPERVISOR_ID),
  staff('dost.lawyer', 'DOST Lawyer', DEMO_ORG_IDS.DOST_BAKU, [StaffRole.LAWYER], DOST_SUPERVISOR_ID),
  staff('dost.psychologist', 'DOST Psychologist', DEMO_ORG_IDS.DOST_BAKU, [StaffRole.PSYCHOLOGIST], DOST_SUPERVISOR_ID),
  staff('wsl.operator', 'Women Support Line Operator', DEMO_ORG_IDS.WOMEN_SUPPORT_LINE, [StaffRole.INTAKE_OFFICER], null),
  staff('ssa.officer', 'SSA Placement Officer', DEMO_ORG_IDS.SSA, [StaffRole.AGENCY_OFFICER], null),
  staff('shelter.officer', 'Shelter Officer', DEMO_ORG_IDS.SHELTER, [StaffRole.AGENCY_OFFICER], null),
  staff('police.officer', 'District Police Officer', DEMO_ORG_IDS.POLICE_BAKU, [StaffRole.AGENCY_OFFICER], null),
  staff('ngo.lawyer', 'Legal Clinic Lawyer', DEMO_ORG_IDS.NGO_LEGAL_CLINIC, [StaffRole.LAWYER, StaffRole.AGENCY_OFFICER], null),
  staff('monitoring.officer', 'Monitoring Group Officer', DEMO_ORG_IDS.MONITORING_BAKU, [StaffRole.MONITORING_OFFICER], null),
  staff('auditor', 'Auditor', DEMO_ORG_IDS.STATE_COMMITTEE, [StaffRole.AUDITOR], null),
  staff('admin', 'Administrator', DEMO_ORG_IDS.STATE_COMMITTEE, [StaffRole.ADMINISTRATOR], null),
];

function staff(
  username: DemoUsername,
  displayName: string,
  organisationId: string,
  roles: StaffRole[],
  supervisorId: string | null,
): DemoStaffMember {
  return { id: DEMO_USER_IDS[username], username, displayName, organisationId, roles, supervisorId };
}

export interface SeedResult {
  organisations: number;
  staffMembers: number;
}

/** Upserts the demo organisations and staff in one transaction. Safe to run any number of times. */
export async function seedDemoData(dataSource: DataSource): Promise<SeedResult> {
  return inTransaction(dataSource, async (manager) => {
    for (const org of DEMO_ORGANISATIONS) {
      await manager.query(
        `INSERT INTO organisations (id, name, type, region, services) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, region = EXCLUDED.region,
           services = EXCLUDED.services`,
        [org.id, org.name, org.type, org.region, org.services],
      );
    }
    for (const member of DEMO_STAFF) {
      await manager.query(
        `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, supervisor_id, active)
         VALUES ($1, $2, $3, $4, $5, $6, true)
         ON CONFLICT (id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id, username = EXCLUDED.username,
           display_name = EXCLUDED.display_name, roles = EXCLUDED.roles, supervisor_id = EXCLUDED.supervisor_id,
           active = true`,
        [member.id, member.organisationId, member.username, member.displayName, member.roles, member.supervisorId],
      );
    }
    return { organisations: DEMO_ORGANISATIONS.length, staffMembers: DEMO_STAFF.length };
  });
}
