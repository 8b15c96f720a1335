import { ACTIVE_REFERRAL_STATUSES, ReferralStatus as RS, StaffRole as R } from '@lib/domain';
import { type Actor } from '../actor';
import { type ScopeDatabase } from '../sql-scope';
import { type CaseSubject, type ReferralSubject, type TaskSubject } from '../subjects';
import { ORG, type OrgKey, actor } from './fixtures';

// ---- a generated world: cases with referral histories, tasks, audit chains ------------------------------
export const ORGS = Object.keys(ORG) as OrgKey[];
const OWNERS: OrgKey[] = ['dost', 'dost2', 'dostGanja', 'police', 'ngo'];
const REFERRAL_SETS: [OrgKey, RS][][] = [
  [],
  [['police', RS.PENDING]],
  [['police', RS.COMPLETED]],
  [
    ['police', RS.DECLINED],
    ['police', RS.ACCEPTED],
  ],
  [['shelter', RS.ACCEPTED]],
  [['mg', RS.ESCALATED]],
  [['mgGanja', RS.PENDING]],
  [
    ['dost', RS.PENDING],
    ['ngo', RS.EXPIRED],
  ],
  [
    ['ngo', RS.WITHDRAWN],
    ['dost2', RS.ESCALATED],
  ],
];

export interface CaseRow {
  id: string;
  owning_organisation_id: string;
  region: string;
}
export interface ReferralRow {
  id: string;
  case_id: string;
  from_organisation_id: string;
  to_organisation_id: string;
  status: RS;
}

export interface AssignmentRow {
  case_id: string;
  organisation_id: string;
  staff_id: string;
}

/**
 * Who works on each case (by the case's index): its owner's worker ('me' = the generated actors, 'report' = someone
 * they supervise, 'other' = neither), and whether the case's active recipients have a worker yet.
 */
const ASSIGNMENT_SETS: { owner: string; recipients: string | null }[] = [
  { owner: 'other', recipients: null },
  { owner: 'me', recipients: null },
  { owner: 'report', recipients: 'report' },
  { owner: 'other', recipients: 'other' },
  { owner: 'other', recipients: 'me' },
];

export const caseRows: CaseRow[] = [];
export const referralRows: ReferralRow[] = [];
export const assignmentRows: AssignmentRow[] = [];
for (const owner of OWNERS) {
  REFERRAL_SETS.forEach((set, i) => {
    const id = `case-${owner}-${i}`;
    caseRows.push({ id, owning_organisation_id: ORG[owner].id, region: ORG[owner].region });
    const assignment = ASSIGNMENT_SETS[(i + OWNERS.indexOf(owner)) % ASSIGNMENT_SETS.length]!;
    assignmentRows.push({ case_id: id, organisation_id: ORG[owner].id, staff_id: assignment.owner });
    if (assignment.recipients !== null) {
      const staffId = assignment.recipients;
      const active = set.filter(([, status]) => (ACTIVE_REFERRAL_STATUSES as readonly string[]).includes(status));
      for (const to of new Set(active.map(([org]) => org))) {
        assignmentRows.push({ case_id: id, organisation_id: ORG[to].id, staff_id: staffId });
      }
    }
    set.forEach(([to, status], j) => {
      referralRows.push({
        id: `${id}-r${j}`,
        case_id: id,
        from_organisation_id: ORG[owner].id,
        to_organisation_id: ORG[to].id,
        status,
      });
    });
  });
}
/** Staff the tasks are assigned to: 'report' is supervised by the generated actors ('me'), 'other' by someone else. */
export const staffRows = [
  { id: 'me', supervisor_id: 'boss' },
  { id: 'report', supervisor_id: 'me' },
  { id: 'other', supervisor_id: 'boss' },
];
export const db: ScopeDatabase = { cases: caseRows, referrals: referralRows, staff: staffRows, assignments: assignmentRows };

export function caseSubject(row: CaseRow): CaseSubject {
  const active = referralRows.filter(
    (r) => r.case_id === row.id && (ACTIVE_REFERRAL_STATUSES as readonly string[]).includes(r.status),
  );
  return {
    kind: 'Case',
    id: row.id,
    owningOrganisationId: row.owning_organisation_id,
    region: row.region,
    recipientOrganisationIds: [...new Set(active.map((r) => r.to_organisation_id))],
    ...caseTeam(row.id),
  };
}

/** The case's team as CaseAccessService loads it: workers and their supervisors; organisations with a worker. */
export function caseTeam(caseId: string): Pick<CaseSubject, 'teamIds' | 'assignedOrganisationIds'> {
  const rows = assignmentRows.filter((a) => a.case_id === caseId);
  const team = new Set<string>();
  for (const a of rows) {
    team.add(a.staff_id);
    const supervisor = staffRows.find((s) => s.id === a.staff_id)?.supervisor_id;
    if (supervisor) team.add(supervisor);
  }
  return { teamIds: [...team], assignedOrganisationIds: [...new Set(rows.map((a) => a.organisation_id))] };
}
export function referralSubject(row: ReferralRow): ReferralSubject {
  const c = caseRows.find((x) => x.id === row.case_id) as CaseRow;
  return {
    kind: 'Referral',
    id: row.id,
    fromOrganisationId: row.from_organisation_id,
    toOrganisationId: row.to_organisation_id,
    status: row.status,
    region: c.region,
    ...caseTeam(row.case_id),
  };
}
export const taskRows = ORGS.flatMap((o) =>
  [null, 'me', 'report', 'other'].map((assignee) => ({
    id: `task-${o}-${assignee}`,
    organisation_id: ORG[o].id,
    assignee_id: assignee,
  })),
);
export function taskSubject(row: (typeof taskRows)[number]): TaskSubject {
  return {
    kind: 'Task',
    id: row.id,
    organisationId: row.organisation_id,
    assigneeId: row.assignee_id,
    assigneeSupervisorId: staffRows.find((s) => s.id === row.assignee_id)?.supervisor_id ?? null,
  };
}
export const auditRows = ORGS.map((o) => ({ id: `audit-${o}`, organisation_id: ORG[o].id }));

const ROLE_SETS: R[][] = [
  [],
  ...Object.values(R).map((r) => [r]),
  [R.CASE_MANAGER, R.AGENCY_OFFICER],
  [R.SUPERVISOR, R.MONITORING_OFFICER],
  [R.AUDITOR, R.ADMINISTRATOR],
];
export const ACTORS: Actor[] = ORGS.flatMap((o) => ROLE_SETS.map((roles) => actor(roles, o, 'me')));
