import { CaseStatus, DomainError, DomainErrorCode, StaffRole as R } from '@lib/domain';
import { type AssignableCase, decideAssignCase, decideUnassignCase, mayAssignCaseWorkers } from './case-assignment';
import { type AssignmentStaff } from './task-assignment';
import { ORG, actor } from './test/fixtures';

const supervisor = actor([R.SUPERVISOR], 'dost', 'supervisor');
const orgAdmin = actor([R.ORGANISATION_ADMIN], 'dost', 'org-admin');
const manager = actor([R.CASE_MANAGER], 'dost', 'manager');
const foreignSupervisor = actor([R.SUPERVISOR], 'dost2', 'foreign-supervisor');
const ngoSupervisor = actor([R.SUPERVISOR], 'ngo', 'ngo-supervisor');

const theCase = (over: Partial<AssignableCase> = {}): AssignableCase => ({
  owningOrganisationId: ORG.dost.id,
  status: CaseStatus.OPEN,
  recipientOrganisationIds: [],
  ...over,
});
const member = (id: string, over: Partial<AssignmentStaff> = {}): AssignmentStaff => ({
  id,
  organisationId: ORG.dost.id,
  active: true,
  roles: [R.CASE_MANAGER],
  supervisorId: null,
  ...over,
});
const path = ['input', 'staffId'];

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('case assignment rules', () => {
  it('supervisors and organisation administrators assign; workers and other roles do not', () => {
    expect(mayAssignCaseWorkers(supervisor)).toBe(true);
    expect(mayAssignCaseWorkers(orgAdmin)).toBe(true);
    for (const role of [R.CASE_MANAGER, R.INTAKE_OFFICER, R.LAWYER, R.PSYCHOLOGIST, R.AGENCY_OFFICER, R.AUDITOR, R.MONITORING_OFFICER]) {
      expect(mayAssignCaseWorkers(actor([role], 'dost'))).toBe(false);
    }
  });

  it('a supervisor assigns an active case-role member of the owning organisation; again is UNCHANGED', () => {
    expect(decideAssignCase(supervisor, theCase(), ['manager'], member('lawyer', { roles: [R.LAWYER] }), path)).toBe('APPLY');
    expect(decideAssignCase(orgAdmin, theCase(), ['manager'], member('lawyer', { roles: [R.LAWYER] }), path)).toBe('APPLY');
    expect(decideAssignCase(supervisor, theCase(), ['manager'], member('manager'), path)).toBe('UNCHANGED');
  });

  it('a worker may not assign others (FORBIDDEN)', () => {
    const e = errorOf(() => decideAssignCase(manager, theCase(), ['manager'], member('lawyer', { roles: [R.LAWYER] }), path));
    expect(e.code).toBe(DomainErrorCode.FORBIDDEN);
  });

  it('another organisation, or a missing case, is NOT_FOUND (before any role check)', () => {
    expect(errorOf(() => decideAssignCase(foreignSupervisor, theCase(), [], member('x'), path)).code).toBe(DomainErrorCode.NOT_FOUND);
    expect(errorOf(() => decideAssignCase(supervisor, null, [], member('x'), path)).code).toBe(DomainErrorCode.NOT_FOUND);
    const foreignWorker = actor([R.CASE_MANAGER], 'dost2');
    expect(errorOf(() => decideAssignCase(foreignWorker, theCase(), [], member('x'), path)).code).toBe(DomainErrorCode.NOT_FOUND);
  });

  it.each([
    ['missing', null],
    ['of another organisation', member('other', { organisationId: ORG.dost2.id })],
    ['inactive', member('gone', { active: false })],
    ['without a case role', member('auditor', { roles: [R.AUDITOR] })],
    ['an agency officer of the owner', member('agency', { roles: [R.AGENCY_OFFICER] })],
  ])('an assignee %s is BAD_USER_INPUT at the field path, without the id', (_label, assignee) => {
    const e = errorOf(() => decideAssignCase(supervisor, theCase(), ['manager'], assignee, path));
    expect(e.code).toBe(DomainErrorCode.BAD_INPUT);
    expect(e.fields.map((f) => f.path)).toEqual([path]);
    expect(JSON.stringify(e.fields) + e.message).not.toMatch(/other|gone|auditor|agency/);
  });

  it('a closed case takes no new worker (CONFLICT)', () => {
    expect(errorOf(() => decideAssignCase(supervisor, theCase({ status: CaseStatus.CLOSED }), [], member('m'), path)).code).toBe(
      DomainErrorCode.CONFLICT,
    );
  });

  it("a recipient organisation's supervisor assigns its own referral-handling staff, not case roles", () => {
    const received = theCase({ recipientOrganisationIds: [ORG.ngo.id] });
    const officer = member('ngo-officer', { organisationId: ORG.ngo.id, roles: [R.AGENCY_OFFICER] });
    expect(decideAssignCase(ngoSupervisor, received, [], officer, path)).toBe('APPLY');
    const lawyer = member('ngo-lawyer', { organisationId: ORG.ngo.id, roles: [R.LAWYER] });
    expect(errorOf(() => decideAssignCase(ngoSupervisor, received, [], lawyer, path)).code).toBe(DomainErrorCode.BAD_INPUT);
    // Once the referral is no longer active the recipient's organisation has nothing to do with the case.
    expect(errorOf(() => decideAssignCase(ngoSupervisor, theCase(), [], officer, path)).code).toBe(DomainErrorCode.NOT_FOUND);
  });

  it('unassigning: supervisors only, a non-worker is UNCHANGED, the last worker of an open case stays (CONFLICT)', () => {
    expect(decideUnassignCase(supervisor, theCase(), ['manager', 'lawyer'], 'lawyer')).toBe('APPLY');
    expect(decideUnassignCase(supervisor, theCase(), ['manager'], 'lawyer')).toBe('UNCHANGED');
    expect(errorOf(() => decideUnassignCase(supervisor, theCase(), ['manager'], 'manager')).code).toBe(DomainErrorCode.CONFLICT);
    expect(errorOf(() => decideUnassignCase(manager, theCase(), ['manager', 'lawyer'], 'lawyer')).code).toBe(DomainErrorCode.FORBIDDEN);
    expect(errorOf(() => decideUnassignCase(foreignSupervisor, theCase(), ['manager', 'lawyer'], 'lawyer')).code).toBe(
      DomainErrorCode.NOT_FOUND,
    );
  });
});
