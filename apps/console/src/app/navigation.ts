import { type OrganisationType, type StaffRole } from '../gql/graphql';

/** Who the console is for: the signed-in member as `me` returns them. */
export interface Me {
  id: string;
  displayName: string;
  roles: readonly StaffRole[];
  supervisorId?: string | null;
  organisation: { id: string; name: string; type: OrganisationType };
}

export type Section =
  | 'inbox'
  | 'caseload'
  | 'openCase'
  | 'monitoring'
  | 'audit'
  | 'organisations'
  | 'staff'
  | 'webhooks'
  | 'notifications';

/** Mirrors the API's role lists (libs/authz/src/actor.ts, WEBHOOK_ADMIN_ROLES): a convenience, the API decides. */
const TASK_ROLES: readonly StaffRole[] = [
  'INTAKE_OFFICER',
  'CASE_MANAGER',
  'LAWYER',
  'PSYCHOLOGIST',
  'SUPERVISOR',
  'AGENCY_OFFICER',
  'MONITORING_OFFICER',
];
/** Roles that work on their own organisation's cases (CASE_ROLES): they have a caseload. */
const CASE_ROLES: readonly StaffRole[] = [
  'INTAKE_OFFICER',
  'CASE_MANAGER',
  'LAWYER',
  'PSYCHOLOGIST',
  'SUPERVISOR',
];
const CASE_OPENING_ROLES: readonly StaffRole[] = ['INTAKE_OFFICER', 'CASE_MANAGER'];
const STAFF_ADMIN_ROLES: readonly StaffRole[] = ['ADMINISTRATOR', 'ORGANISATION_ADMIN'];
const WEBHOOK_ADMIN_ROLES: readonly StaffRole[] = ['ADMINISTRATOR', 'ORGANISATION_ADMIN', 'SUPERVISOR'];

const any = (me: Me, roles: readonly StaffRole[]): boolean => me.roles.some((r) => roles.includes(r));

/** The sections the navigation offers this member, in menu order. Nothing here grants access: the API refuses. */
export function sectionsFor(me: Me): Section[] {
  const sections: Section[] = [];
  if (any(me, TASK_ROLES)) sections.push('inbox');
  if (any(me, CASE_ROLES)) sections.push('caseload');
  if (any(me, CASE_OPENING_ROLES)) sections.push('openCase');
  if (me.roles.includes('MONITORING_OFFICER')) sections.push('monitoring');
  if (me.roles.includes('AUDITOR')) sections.push('audit');
  // Organisations are managed by the coordinator's (State Committee's) administrators only.
  if (me.roles.includes('ADMINISTRATOR') && me.organisation.type === 'COORDINATOR')
    sections.push('organisations');
  if (any(me, STAFF_ADMIN_ROLES)) sections.push('staff');
  if (any(me, WEBHOOK_ADMIN_ROLES)) sections.push('webhooks');
  if (me.roles.length > 0) sections.push('notifications');
  return sections;
}

/** Administration groups the organisation, staff and webhook screens. */
export const ADMIN_SECTIONS: readonly Section[] = ['organisations', 'staff', 'webhooks'];
