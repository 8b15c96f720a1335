import { CaseStatus, IntakeStep, OrganisationType, ReferralStatus as RS, StaffRole as R } from '@lib/domain';
import { Action as A, defineAbilityFor } from './ability';
import { type Actor } from './actor';
import { type AuthzSubject, type PersonSubject } from './subjects';
import { ORG, actor, caseOf, referral } from './test/fixtures';

const can = (a: Actor, action: A, s: AuthzSubject, field?: string): boolean =>
  defineAbilityFor(a).can(action, s, field);
const person = (c: ReturnType<typeof caseOf>): PersonSubject => ({
  kind: 'Person',
  caseId: c.id,
  owningOrganisationId: c.owningOrganisationId,
  region: c.region,
  recipientOrganisationIds: c.recipientOrganisationIds,
  teamIds: c.teamIds,
  assignedOrganisationIds: c.assignedOrganisationIds,
});

const CASE_ROLES = [R.INTAKE_OFFICER, R.CASE_MANAGER, R.LAWYER, R.PSYCHOLOGIST, R.SUPERVISOR];
const NON_CASE_ROLES = [R.AGENCY_OFFICER, R.MONITORING_OFFICER, R.AUDITOR, R.ADMINISTRATOR];
const ALL_ROLES = Object.values(R);

/** Every single-role dost actor on the case's team (role gating is tested apart from assignment). */
const DOST_TEAM = { teamIds: ALL_ROLES.map((r) => actor([r]).staffId), assignedOrganisationIds: [ORG.dost.id] };
const ownCase = (over: Parameters<typeof caseOf>[1] = {}): ReturnType<typeof caseOf> => caseOf('dost', { ...DOST_TEAM, ...over });
const own = ownCase({ recipientOrganisationIds: [ORG.police.id] });
const foreign = caseOf('dost2');
const ganja = caseOf('dostGanja');

describe('deny by default', () => {
  it('an actor without roles can do nothing', () => {
    const a = actor([]);
    const subjects: AuthzSubject[] = [
      own,
      person(own),
      referral('dost', 'police', RS.PENDING),
      { kind: 'Task', organisationId: ORG.dost.id, assigneeId: null },
      { kind: 'AuditLog', organisationId: ORG.dost.id },
      { kind: 'Organisation', id: ORG.dost.id },
      { kind: 'StaffMember', organisationId: ORG.dost.id },
      { kind: 'LegalOverride', organisationId: ORG.dost.id, requestedBy: 'x' },
    ];
    for (const s of subjects) for (const action of Object.values(A)) expect(can(a, action, s)).toBe(false);
  });

  it('every role reads the organisation directory; nobody else', () => {
    for (const r of ALL_ROLES)
      expect(can(actor([r]), A.Read, { kind: 'Organisation', id: ORG.police.id })).toBe(true);
  });
});

describe('owning organisation', () => {
  it.each(CASE_ROLES)('%s reads and updates own cases and persons, not other organisations’', (role) => {
    const a = actor([role]);
    expect(can(a, A.Read, own)).toBe(true);
    expect(can(a, A.Update, own)).toBe(true);
    expect(can(a, A.Read, person(own))).toBe(true);
    expect(can(a, A.Update, person(own))).toBe(true);
    expect(can(a, A.Read, own, 'caseCode')).toBe(true);
    expect(can(a, A.Read, foreign)).toBe(false);
    expect(can(a, A.Update, foreign)).toBe(false);
    expect(can(a, A.Read, person(foreign))).toBe(false);
    expect(can(a, A.Update, caseOf('dost', { status: CaseStatus.CLOSED }))).toBe(false);
    expect(can(a, A.AssessRisk, own)).toBe(true);
    expect(can(a, A.AssessRisk, foreign)).toBe(false);
    expect(can(a, A.AssessRisk, caseOf('dost', { status: CaseStatus.CLOSED }))).toBe(false);
    expect(can(a, A.ManageProtectionOrder, own)).toBe(true);
    expect(can(a, A.ManageProtectionOrder, foreign)).toBe(false);
    expect(can(a, A.ManageProtectionOrder, caseOf('dost', { status: CaseStatus.CLOSED }))).toBe(false);
    expect(can(a, A.ManageSafetyPlan, own)).toBe(true);
    expect(can(a, A.ManageSafetyPlan, foreign)).toBe(false);
    expect(can(a, A.ManageSafetyPlan, caseOf('dost', { status: CaseStatus.CLOSED }))).toBe(false);
    expect(can(a, A.ReportProtectionOrderBreach, own)).toBe(true);
    expect(can(a, A.ReportProtectionOrderBreach, foreign)).toBe(false);
    expect(can(a, A.Read, referral('dost', 'police', RS.COMPLETED, DOST_TEAM))).toBe(true);
    expect(can(a, A.Read, referral('dost2', 'police', RS.PENDING, DOST_TEAM))).toBe(false);
    expect(can(a, A.Read, { kind: 'StaffMember', organisationId: ORG.dost.id })).toBe(true);
    expect(can(a, A.Read, { kind: 'StaffMember', organisationId: ORG.dost2.id })).toBe(false);
  });

  it.each(NON_CASE_ROLES)('%s of the owning organisation cannot read its cases', (role) => {
    const a = actor([role]);
    expect(can(a, A.Read, foreign)).toBe(false);
    expect(can(a, A.Read, caseOf('dost'))).toBe(false);
    expect(can(a, A.Read, person(caseOf('dost')))).toBe(false);
    expect(can(a, A.Update, caseOf('dost'))).toBe(false);
  });

  it.each(ALL_ROLES)(
    '%s: opening cases, referrals and consent only for intake officers and case managers',
    (role) => {
      const a = actor([role]);
      const opener = role === R.INTAKE_OFFICER || role === R.CASE_MANAGER;
      expect(can(a, A.Create, caseOf('dost'))).toBe(opener);
      expect(can(a, A.Create, person(caseOf('dost')))).toBe(opener);
      expect(can(a, A.Create, referral('dost', 'police', RS.PENDING))).toBe(opener);
      expect(can(a, A.RecordConsent, own)).toBe(opener);
      expect(can(a, A.WithdrawConsent, own)).toBe(opener);
      // never for another organisation
      expect(can(a, A.Create, caseOf('dost2'))).toBe(false);
      expect(can(a, A.Create, referral('dost2', 'police', RS.PENDING))).toBe(false);
      expect(can(a, A.RecordConsent, foreign)).toBe(false);
      expect(can(a, A.WithdrawConsent, foreign)).toBe(false);
    },
  );

  it('no new consent on a closed case (withdrawal still possible)', () => {
    const closed = ownCase({ status: CaseStatus.CLOSED });
    expect(can(actor([R.CASE_MANAGER]), A.RecordConsent, closed)).toBe(false);
    expect(can(actor([R.CASE_MANAGER]), A.WithdrawConsent, closed)).toBe(true);
  });

  it.each(ALL_ROLES)(
    '%s: the sender withdraws active referrals (intake, case manager, supervisor)',
    (role) => {
      const a = actor([role]);
      const sender = role === R.INTAKE_OFFICER || role === R.CASE_MANAGER || role === R.SUPERVISOR;
      for (const s of [RS.PENDING, RS.ACCEPTED, RS.ESCALATED]) {
        expect(can(a, A.Withdraw, referral('dost', 'police', s, DOST_TEAM))).toBe(sender);
      }
      for (const s of [RS.DECLINED, RS.COMPLETED, RS.WITHDRAWN, RS.EXPIRED]) {
        expect(can(a, A.Withdraw, referral('dost', 'police', s, DOST_TEAM))).toBe(false);
      }
      expect(can(a, A.Withdraw, referral('dost2', 'police', RS.PENDING, DOST_TEAM))).toBe(false);
    },
  );

  it('the recipient cannot withdraw', () => {
    expect(
      can(
        actor([R.AGENCY_OFFICER, R.SUPERVISOR], 'police'),
        A.Withdraw,
        referral('dost', 'police', RS.PENDING),
      ),
    ).toBe(false);
  });
});

describe('closure', () => {
  it.each(ALL_ROLES)(
    '%s: requests closure only as case manager or supervisor, of an open own case',
    (role) => {
      const a = actor([role]);
      const allowed = role === R.CASE_MANAGER || role === R.SUPERVISOR;
      expect(can(a, A.RequestClosure, ownCase())).toBe(allowed);
      expect(can(a, A.RequestClosure, caseOf('dost', { status: CaseStatus.CLOSURE_REQUESTED }))).toBe(false);
      expect(can(a, A.RequestClosure, foreign)).toBe(false);
    },
  );

  const requested = caseOf('dost', { status: CaseStatus.CLOSURE_REQUESTED, closureRequestedBy: 'staff-cm' });
  it.each(ALL_ROLES)('%s: only a supervisor approves closure', (role) => {
    expect(can(actor([role]), A.ApproveClosure, requested)).toBe(role === R.SUPERVISOR);
  });
  it('a supervisor cannot approve their own request, an open case, or another organisation’s case', () => {
    const sup = actor([R.SUPERVISOR], 'dost', 'staff-sup');
    expect(can(sup, A.ApproveClosure, { ...requested, closureRequestedBy: 'staff-sup' })).toBe(false);
    expect(can(sup, A.ApproveClosure, caseOf('dost'))).toBe(false);
    expect(can(sup, A.ApproveClosure, { ...requested, owningOrganisationId: ORG.dost2.id })).toBe(false);
    expect(can(sup, A.ApproveClosure, requested)).toBe(true);
  });
});

describe('legal override countersignature', () => {
  const override = { kind: 'LegalOverride' as const, organisationId: ORG.dost.id, requestedBy: 'staff-cm' };
  it.each(ALL_ROLES)('%s: only a supervisor countersigns', (role) => {
    expect(can(actor([role]), A.Countersign, override)).toBe(role === R.SUPERVISOR);
  });
  it('not their own request, not another organisation’s', () => {
    const sup = actor([R.SUPERVISOR, R.CASE_MANAGER], 'dost', 'staff-sup');
    expect(can(sup, A.Countersign, { ...override, requestedBy: 'staff-sup' })).toBe(false);
    expect(can(sup, A.Countersign, { ...override, organisationId: ORG.dost2.id })).toBe(false);
    expect(can(sup, A.Countersign, override)).toBe(true);
  });
});

describe('break-glass', () => {
  it('a DOST/helpline/CFSC supervisor may break the glass on another organisation’s case of the region', () => {
    const sup = actor([R.SUPERVISOR]);
    expect(can(sup, A.BreakGlass, foreign)).toBe(true);
    expect(can(sup, A.BreakGlass, ganja)).toBe(false); // other region
    expect(can(sup, A.BreakGlass, own)).toBe(false); // own case: no glass needed
  });
  it.each(ALL_ROLES.filter((r) => r !== R.SUPERVISOR))('%s cannot break the glass', (role) => {
    expect(can(actor([role]), A.BreakGlass, foreign)).toBe(false);
  });
  it('supervisors of police, shelters, monitoring groups cannot break the glass', () => {
    for (const org of ['police', 'shelter', 'mg', 'ngo'] as const) {
      expect(can(actor([R.SUPERVISOR], org), A.BreakGlass, foreign)).toBe(false);
    }
  });
  it('break-glass is not read: it grants nothing by itself', () => {
    expect(can(actor([R.SUPERVISOR]), A.Read, foreign)).toBe(false);
  });
});

describe('protection order partners', () => {
  it('a shelter recipient neither sees orders nor reports breaches; a helpline recipient does', () => {
    const toShelter = caseOf('dost', { recipientOrganisationIds: [ORG.shelter.id] });
    expect(can(actor([R.AGENCY_OFFICER], 'shelter'), A.ReportProtectionOrderBreach, toShelter)).toBe(false);
    const toWsl = caseOf('dost', { recipientOrganisationIds: [ORG.wsl.id] });
    expect(can(actor([R.AGENCY_OFFICER], 'wsl'), A.ReportProtectionOrderBreach, toWsl)).toBe(true);
    expect(can(actor([R.MONITORING_OFFICER]), A.ReportProtectionOrderBreach, own)).toBe(false);
  });
});

describe('recipient organisation', () => {
  it.each([R.AGENCY_OFFICER, R.SUPERVISOR])(
    '%s reads the case and persons through an ACTIVE referral only',
    (role) => {
      const a = actor([role], 'police');
      expect(can(a, A.Read, own)).toBe(true);
      expect(can(a, A.Read, person(own))).toBe(true);
      expect(can(a, A.Update, own)).toBe(false);
      expect(can(a, A.Update, person(own))).toBe(false);
      expect(can(a, A.AssessRisk, own)).toBe(false);
      expect(can(a, A.ManageProtectionOrder, own)).toBe(false);
      expect(can(a, A.ManageSafetyPlan, own)).toBe(false);
      // the police see orders and report breaches of cases referred to them, not of others
      expect(can(a, A.ReportProtectionOrderBreach, own)).toBe(true);
      expect(can(a, A.ReportProtectionOrderBreach, caseOf('dost'))).toBe(false);
      // no active referral to the police (none, or only terminal ones: the service leaves them out)
      expect(can(a, A.Read, caseOf('dost'))).toBe(false);
      expect(can(a, A.Read, person(caseOf('dost')))).toBe(false);
      expect(can(a, A.Read, caseOf('dost', { recipientOrganisationIds: [ORG.shelter.id] }))).toBe(false);
    },
  );

  it.each([
    R.INTAKE_OFFICER,
    R.CASE_MANAGER,
    R.LAWYER,
    R.PSYCHOLOGIST,
    R.MONITORING_OFFICER,
    R.AUDITOR,
    R.ADMINISTRATOR,
  ])('%s of the recipient organisation cannot read through the referral', (role) => {
    expect(can(actor([role], 'police'), A.Read, own)).toBe(false);
    expect(can(actor([role], 'police'), A.Read, person(own))).toBe(false);
  });

  it.each(ALL_ROLES)(
    '%s: accept/decline pending, complete accepted/escalated — agency officer and supervisor only',
    (role) => {
      const a = actor([role], 'police');
      const handler = role === R.AGENCY_OFFICER || role === R.SUPERVISOR;
      expect(can(a, A.Accept, referral('dost', 'police', RS.PENDING))).toBe(handler);
      expect(can(a, A.Decline, referral('dost', 'police', RS.PENDING))).toBe(handler);
      expect(can(a, A.Complete, referral('dost', 'police', RS.ACCEPTED))).toBe(handler);
      expect(can(a, A.Complete, referral('dost', 'police', RS.ESCALATED))).toBe(handler);
      expect(can(a, A.Read, referral('dost', 'police', RS.COMPLETED))).toBe(handler);
    },
  );

  it('only in the right state and only for referrals to their organisation', () => {
    const a = actor([R.AGENCY_OFFICER], 'police');
    expect(can(a, A.Accept, referral('dost', 'police', RS.ACCEPTED))).toBe(false);
    expect(can(a, A.Decline, referral('dost', 'police', RS.EXPIRED))).toBe(false);
    expect(can(a, A.Complete, referral('dost', 'police', RS.PENDING))).toBe(false);
    expect(can(a, A.Complete, referral('dost', 'police', RS.COMPLETED))).toBe(false);
    expect(can(a, A.Accept, referral('dost', 'shelter', RS.PENDING))).toBe(false);
    expect(can(a, A.Read, referral('dost', 'shelter', RS.PENDING))).toBe(false);
  });
});

describe('monitoring officer', () => {
  const mo = actor([R.MONITORING_OFFICER], 'mg');
  it('reads de-identified cases and referrals of the region', () => {
    expect(can(mo, A.Read, foreign)).toBe(true);
    expect(can(mo, A.Read, foreign, 'status')).toBe(true);
    expect(can(mo, A.Read, foreign, 'riskLevel')).toBe(true);
    expect(can(mo, A.Read, foreign, 'caseCode')).toBe(false);
    expect(can(mo, A.Read, foreign, 'caseManagerId')).toBe(false);
    const r = referral('dost', 'police', RS.DECLINED);
    expect(can(mo, A.Read, r, 'status')).toBe(true);
    expect(can(mo, A.Read, r, 'responseDueAt')).toBe(true);
    expect(can(mo, A.Read, r, 'declineReason')).toBe(false);
    expect(can(mo, A.Read, r, 'legalJustification')).toBe(false);
  });
  it('not another region, never writes', () => {
    expect(can(mo, A.Read, ganja)).toBe(false);
    expect(can(mo, A.Read, referral('dostGanja', 'police', RS.PENDING))).toBe(false);
    expect(can(actor([R.MONITORING_OFFICER], 'mgGanja'), A.Read, ganja)).toBe(true);
    for (const action of [A.Update, A.Create, A.RecordConsent, A.RequestClosure, A.BreakGlass, A.AssessRisk]) {
      expect(can(mo, action, foreign)).toBe(false);
    }
  });
  it('no person fields unless an active referral to the monitoring group', () => {
    expect(can(mo, A.Read, person(foreign))).toBe(false);
    expect(can(mo, A.Read, person(caseOf('dost2', { recipientOrganisationIds: [ORG.mg.id] })))).toBe(true);
    expect(can(mo, A.Read, person(caseOf('dostGanja', { recipientOrganisationIds: [ORG.mg.id] })))).toBe(
      false,
    );
  });
  it('a MONITORING_OFFICER role outside a monitoring group grants no monitoring access', () => {
    expect(can(actor([R.MONITORING_OFFICER], 'dost'), A.Read, foreign)).toBe(false);
  });
});

describe('tasks', () => {
  const task = (org: keyof typeof ORG, assigneeId: string | null) => ({
    kind: 'Task' as const,
    organisationId: ORG[org].id,
    assigneeId,
  });
  it.each([...CASE_ROLES.filter((r) => r !== R.SUPERVISOR), R.AGENCY_OFFICER, R.MONITORING_OFFICER])(
    '%s: own tasks and the organisation queue',
    (role) => {
      const a = actor([role], 'dost', 'me');
      expect(can(a, A.Read, task('dost', 'me'))).toBe(true);
      expect(can(a, A.Update, task('dost', 'me'))).toBe(true);
      expect(can(a, A.Read, task('dost', null))).toBe(true);
      expect(can(a, A.Read, task('dost', 'someone-else'))).toBe(false);
      expect(can(a, A.Update, task('dost', 'someone-else'))).toBe(false);
      expect(can(a, A.Read, task('dost2', 'me'))).toBe(false);
      expect(can(a, A.Read, task('dost2', null))).toBe(false);
    },
  );
  it('supervisor: every task of the organisation, not others', () => {
    const a = actor([R.SUPERVISOR], 'dost', 'me');
    expect(can(a, A.Read, task('dost', 'someone-else'))).toBe(true);
    expect(can(a, A.Update, task('dost', 'someone-else'))).toBe(true);
    expect(can(a, A.Read, task('dost2', null))).toBe(false);
  });
  it.each([...CASE_ROLES.filter((r) => r !== R.SUPERVISOR), R.AGENCY_OFFICER, R.MONITORING_OFFICER])(
    "%s: the tasks of the staff whose supervisor they are (supervisorId), in their organisation only",
    (role) => {
      const a = actor([role], 'dost', 'me');
      const team = (org: keyof typeof ORG, supervisorId: string | null) => ({ ...task(org, 'report'), assigneeSupervisorId: supervisorId });
      expect(can(a, A.Read, team('dost', 'me'))).toBe(true);
      expect(can(a, A.Update, team('dost', 'me'))).toBe(true);
      expect(can(a, A.Read, team('dost', 'boss'))).toBe(false);
      expect(can(a, A.Read, team('dost', null))).toBe(false);
      expect(can(a, A.Read, team('dost2', 'me'))).toBe(false);
    },
  );
  it.each([R.AUDITOR, R.ADMINISTRATOR, R.ORGANISATION_ADMIN])('%s has no tasks, not even a team', (role) => {
    const a = actor([role], 'dost', 'me');
    expect(can(a, A.Read, { ...task('dost', 'report'), assigneeSupervisorId: 'me' })).toBe(false);
    expect(can(a, A.Read, task('dost', 'me'))).toBe(false);
    expect(can(a, A.Read, task('dost', null))).toBe(false);
  });
});

describe('auditor', () => {
  it('reads and verifies their organisation’s chain and nothing else', () => {
    const a = actor([R.AUDITOR]);
    expect(can(a, A.ReadAudit, { kind: 'AuditLog', organisationId: ORG.dost.id })).toBe(true);
    expect(can(a, A.VerifyAudit, { kind: 'AuditLog', organisationId: ORG.dost.id })).toBe(true);
    expect(can(a, A.ReadAudit, { kind: 'AuditLog', organisationId: ORG.police.id })).toBe(false);
    expect(can(a, A.Read, caseOf('dost'))).toBe(false);
    expect(can(a, A.Read, person(caseOf('dost')))).toBe(false);
    expect(can(a, A.Read, referral('dost', 'police', RS.PENDING))).toBe(false);
    expect(can(a, A.Read, { kind: 'StaffMember', organisationId: ORG.dost.id })).toBe(false);
  });
  it('the coordinator’s auditors verify every chain', () => {
    const a = actor([R.AUDITOR], 'coord');
    expect(can(a, A.VerifyAudit, { kind: 'AuditLog', organisationId: ORG.police.id })).toBe(true);
    expect(can(a, A.Read, caseOf('dost'))).toBe(false);
  });
  it.each(ALL_ROLES.filter((r) => r !== R.AUDITOR))('%s cannot read the audit log', (role) => {
    expect(can(actor([role]), A.ReadAudit, { kind: 'AuditLog', organisationId: ORG.dost.id })).toBe(false);
    expect(can(actor([role]), A.VerifyAudit, { kind: 'AuditLog', organisationId: ORG.dost.id })).toBe(false);
  });
});

describe('administrator', () => {
  it('manages own organisation’s staff directory, never case data', () => {
    const a = actor([R.ADMINISTRATOR]);
    for (const action of [A.Create, A.Update, A.Read]) {
      expect(can(a, action, { kind: 'StaffMember', organisationId: ORG.dost.id })).toBe(true);
      expect(can(a, action, { kind: 'StaffMember', organisationId: ORG.police.id })).toBe(false);
    }
    expect(can(a, A.Update, { kind: 'Organisation', id: ORG.dost.id })).toBe(true);
    expect(can(a, A.Update, { kind: 'Organisation', id: ORG.police.id })).toBe(false);
    expect(can(a, A.Create, { kind: 'Organisation', id: 'new' })).toBe(false);
    expect(can(a, A.Read, caseOf('dost'))).toBe(false);
    expect(can(a, A.Read, person(caseOf('dost')))).toBe(false);
    expect(can(a, A.Read, referral('dost', 'police', RS.PENDING))).toBe(false);
    expect(can(a, A.ReadAudit, { kind: 'AuditLog', organisationId: ORG.dost.id })).toBe(false);
  });
  it('the coordinator’s administrators manage every organisation', () => {
    const a = actor([R.ADMINISTRATOR], 'coord');
    expect(can(a, A.Create, { kind: 'Organisation', id: 'new' })).toBe(true);
    expect(can(a, A.Update, { kind: 'StaffMember', organisationId: ORG.police.id })).toBe(true);
    expect(can(a, A.Read, caseOf('dost'))).toBe(false);
  });
  it('an organisation administrator manages its own organisation’s staff only: no other organisation, no directory change, no case data', () => {
    const a = actor([R.ORGANISATION_ADMIN]);
    for (const action of [A.Create, A.Update, A.Read]) {
      expect(can(a, action, { kind: 'StaffMember', organisationId: ORG.dost.id })).toBe(true);
      expect(can(a, action, { kind: 'StaffMember', organisationId: ORG.police.id })).toBe(false);
    }
    expect(can(a, A.Update, { kind: 'Organisation', id: ORG.dost.id })).toBe(false);
    expect(can(a, A.Create, { kind: 'Organisation', id: 'new' })).toBe(false);
    expect(can(a, A.Read, caseOf('dost'))).toBe(false);
    expect(can(a, A.Read, person(caseOf('dost')))).toBe(false);
    expect(can(a, A.Read, referral('dost', 'police', RS.PENDING))).toBe(false);
    expect(can(a, A.ReadAudit, { kind: 'AuditLog', organisationId: ORG.dost.id })).toBe(false);
  });
  it.each(ALL_ROLES.filter((r) => r !== R.ADMINISTRATOR && r !== R.ORGANISATION_ADMIN))('%s cannot change the directory', (role) => {
    expect(can(actor([role]), A.Update, { kind: 'StaffMember', organisationId: ORG.dost.id })).toBe(false);
    expect(can(actor([role]), A.Update, { kind: 'Organisation', id: ORG.dost.id })).toBe(false);
  });
});

describe('roles combine', () => {
  it('a case manager who is also an agency officer gets both sets, nothing more', () => {
    const a = actor([R.CASE_MANAGER, R.AGENCY_OFFICER], 'police');
    expect(can(a, A.Read, caseOf('police', { teamIds: [a.staffId], assignedOrganisationIds: [ORG.police.id] }))).toBe(true);
    expect(can(a, A.Read, own)).toBe(true);
    expect(can(a, A.Update, own)).toBe(false);
    expect(can(a, A.Read, foreign)).toBe(false);
  });
});

describe('DOST intake', () => {
  const intake = (org: 'dost' | 'dost2' | 'police', step?: IntakeStep): AuthzSubject => ({
    kind: 'Intake',
    organisationId: ORG[org].id,
    ...(step ? { step } : {}),
  });
  const STEPS = Object.values(IntakeStep);

  it('reads: the centre’s case roles only, own centre only', () => {
    for (const r of CASE_ROLES) {
      expect(can(actor([r]), A.Read, intake('dost'))).toBe(true);
      expect(can(actor([r]), A.Read, intake('dost2'))).toBe(false);
    }
    for (const r of NON_CASE_ROLES) expect(can(actor([r]), A.Read, intake('dost'))).toBe(false);
    // A case role outside a DOST centre (e.g. a helpline case manager) runs no DOST intake.
    const helpline = { ...actor([R.CASE_MANAGER]), organisationType: OrganisationType.HELPLINE };
    expect(can(helpline, A.Read, intake('dost'))).toBe(false);
    expect(can(helpline, A.StartIntake, { kind: 'Intake', organisationId: helpline.organisationId })).toBe(false);
  });

  it('starts: intake officer and case manager of the centre; nobody else', () => {
    for (const r of ALL_ROLES) {
      const allowed = r === R.INTAKE_OFFICER || r === R.CASE_MANAGER;
      expect(can(actor([r]), A.StartIntake, intake('dost'))).toBe(allowed);
      expect(can(actor([r]), A.StartIntake, intake('dost2'))).toBe(false);
    }
    expect(can(actor([R.AGENCY_OFFICER], 'police'), A.StartIntake, intake('police'))).toBe(false);
  });

  it.each([
    [R.INTAKE_OFFICER, [IntakeStep.QUEUE_TICKET, IntakeStep.DESK, IntakeStep.SSA_APPLICATION]],
    [R.CASE_MANAGER, [IntakeStep.QUEUE_TICKET, IntakeStep.DESK, IntakeStep.POLICE_NOTIFICATION, IntakeStep.SSA_APPLICATION]],
    [R.LAWYER, [IntakeStep.INTERVIEW, IntakeStep.POLICE_NOTIFICATION]],
    [R.PSYCHOLOGIST, [IntakeStep.INTERVIEW]],
    [R.SUPERVISOR, []],
    [R.AGENCY_OFFICER, []],
    [R.MONITORING_OFFICER, []],
    [R.AUDITOR, []],
    [R.ADMINISTRATOR, []],
  ])('%s completes exactly %j, in its own centre', (role, allowed) => {
    for (const step of STEPS) {
      expect(can(actor([role]), A.CompleteIntakeStep, intake('dost', step))).toBe(allowed.includes(step));
      expect(can(actor([role]), A.CompleteIntakeStep, intake('dost2', step))).toBe(false);
    }
  });
});

describe('access follows assignment inside an organisation', () => {
  const worker = actor([R.CASE_MANAGER], 'dost', 'worker');
  const colleague = actor([R.CASE_MANAGER], 'dost', 'colleague');
  const teamLead = actor([R.LAWYER], 'dost', 'team-lead');
  const supervisor = actor([R.SUPERVISOR], 'dost', 'supervisor');
  // worker is assigned; team-lead is worker's supervisor (staff_members.supervisor_id), so on the case's team
  const assigned = caseOf('dost', { teamIds: ['worker', 'team-lead'], assignedOrganisationIds: [ORG.dost.id] });

  it('the workers, their supervisors and SUPERVISOR-role members act on the case; a colleague does not', () => {
    for (const a of [worker, teamLead, supervisor]) {
      expect(can(a, A.Read, assigned)).toBe(true);
      expect(can(a, A.Update, assigned)).toBe(true);
      expect(can(a, A.Read, person(assigned))).toBe(true);
      expect(can(a, A.AssessRisk, assigned)).toBe(true);
    }
    for (const action of [A.Read, A.Update, A.AssessRisk, A.ManageProtectionOrder, A.ReportProtectionOrderBreach, A.RecordConsent, A.WithdrawConsent, A.RequestClosure]) {
      expect(can(colleague, action, assigned)).toBe(false);
    }
    expect(can(colleague, A.Read, person(assigned))).toBe(false);
    expect(can(colleague, A.Update, person(assigned))).toBe(false);
  });

  it('a colleague may break the glass on their own organisation’s case (not on another’s); workers need not', () => {
    expect(can(colleague, A.BreakGlass, assigned)).toBe(true);
    expect(can(worker, A.BreakGlass, assigned)).toBe(false);
    expect(can(colleague, A.BreakGlass, caseOf('dost2', { teamIds: [], assignedOrganisationIds: [] }))).toBe(false);
    expect(can(actor([R.AGENCY_OFFICER], 'dost', 'agency'), A.BreakGlass, assigned)).toBe(false);
  });

  it('a recipient organisation: its recipient roles until one of it is assigned, then its worker and SUPERVISOR-role members', () => {
    const officer = actor([R.AGENCY_OFFICER], 'police', 'officer');
    const other = actor([R.AGENCY_OFFICER], 'police', 'other');
    const policeSupervisor = actor([R.SUPERVISOR], 'police', 'police-supervisor');
    const pending = caseOf('dost', { recipientOrganisationIds: [ORG.police.id], teamIds: ['worker'], assignedOrganisationIds: [ORG.dost.id] });
    const accepted = { ...pending, teamIds: ['worker', 'officer'], assignedOrganisationIds: [ORG.dost.id, ORG.police.id] };
    for (const a of [officer, other, policeSupervisor]) expect(can(a, A.Read, pending)).toBe(true);
    expect(can(officer, A.Read, accepted)).toBe(true);
    expect(can(officer, A.Read, person(accepted))).toBe(true);
    expect(can(policeSupervisor, A.Read, accepted)).toBe(true);
    expect(can(other, A.Read, accepted)).toBe(false);
    expect(can(other, A.Read, person(accepted))).toBe(false);
    expect(can(other, A.ReportProtectionOrderBreach, accepted)).toBe(false);
    expect(can(officer, A.ReportProtectionOrderBreach, accepted)).toBe(true);
  });

  it('the sender’s side of a referral follows the case’s team: read and withdraw; a colleague gets neither', () => {
    const sent = (status: RS) => referral('dost', 'police', status, { teamIds: ['worker', 'team-lead'], assignedOrganisationIds: [ORG.dost.id] });
    for (const a of [worker, teamLead, supervisor]) expect(can(a, A.Read, sent(RS.ACCEPTED))).toBe(true);
    for (const a of [worker, supervisor]) expect(can(a, A.Withdraw, sent(RS.PENDING))).toBe(true);
    for (const status of Object.values(RS)) {
      expect(can(colleague, A.Read, sent(status))).toBe(false);
      expect(can(colleague, A.Withdraw, sent(status))).toBe(false);
    }
  });

  it('the recipient’s side: a PENDING referral is any recipient’s to answer; then its team and SUPERVISOR-role members', () => {
    const officer = actor([R.AGENCY_OFFICER], 'police', 'officer');
    const other = actor([R.AGENCY_OFFICER], 'police', 'other');
    const policeSupervisor = actor([R.SUPERVISOR], 'police', 'police-supervisor');
    const team = { teamIds: ['worker', 'officer'], assignedOrganisationIds: [ORG.dost.id, ORG.police.id] };
    // another referral of the same case is still pending while the officer works on it
    const pending = referral('dost', 'police', RS.PENDING, team);
    for (const a of [officer, other, policeSupervisor]) {
      expect(can(a, A.Read, pending)).toBe(true);
      expect(can(a, A.Accept, pending)).toBe(true);
    }
    const accepted = referral('dost', 'police', RS.ACCEPTED, team);
    for (const a of [officer, policeSupervisor]) {
      expect(can(a, A.Read, accepted)).toBe(true);
      expect(can(a, A.Complete, accepted)).toBe(true);
    }
    expect(can(other, A.Read, accepted)).toBe(false);
    expect(can(other, A.Complete, accepted)).toBe(false);
    // nobody of the recipient assigned (e.g. released): its recipient roles, as for the case
    const unassigned = referral('dost', 'police', RS.ACCEPTED, { teamIds: ['worker'], assignedOrganisationIds: [ORG.dost.id] });
    expect(can(other, A.Read, unassigned)).toBe(true);
    expect(can(other, A.Complete, unassigned)).toBe(true);
  });
});
