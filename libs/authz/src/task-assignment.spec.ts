import { DomainError, DomainErrorCode, StaffRole as R, TaskStatus, TaskType } from '@lib/domain';
import {
  type AssignableTask,
  type AssignmentStaff,
  TASK_TYPE_ROLES,
  decideAssign,
  decideClaim,
  decideRelease,
  rolesFitTask,
} from './task-assignment';
import { TASK_ROLES } from './actor';
import { ORG, actor } from './test/fixtures';

const manager = actor([R.CASE_MANAGER], 'dost', 'manager');
const lawyer = actor([R.LAWYER], 'dost', 'lawyer');
const supervisor = actor([R.SUPERVISOR], 'dost', 'supervisor');
const agency = actor([R.AGENCY_OFFICER], 'dost', 'agency');
const foreignSupervisor = actor([R.SUPERVISOR], 'dost2', 'foreign-supervisor');
const foreignManager = actor([R.CASE_MANAGER], 'dost2', 'foreign-manager');

const task = (over: Partial<AssignableTask> = {}): AssignableTask => ({
  organisationId: ORG.dost.id,
  type: TaskType.FOLLOW_UP,
  status: TaskStatus.OPEN,
  assigneeId: null,
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

/** The error `fn` throws (fails the test when it returns). */
function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
const codeOf = (fn: () => unknown): DomainErrorCode => errorOf(fn).code;

describe('TASK_TYPE_ROLES', () => {
  it('covers every task type with roles that have an inbox', () => {
    for (const type of Object.values(TaskType)) {
      expect(TASK_TYPE_ROLES[type].length).toBeGreaterThan(0);
      for (const role of TASK_TYPE_ROLES[type]) expect(TASK_ROLES).toContain(role);
    }
  });

  it('fits case work to case roles and referral work to recipient roles, not the other way round', () => {
    expect(rolesFitTask([R.LAWYER], TaskType.FOLLOW_UP)).toBe(true);
    expect(rolesFitTask([R.AGENCY_OFFICER], TaskType.FOLLOW_UP)).toBe(false);
    expect(rolesFitTask([R.AGENCY_OFFICER], TaskType.REFERRAL_RESPONSE)).toBe(true);
    expect(rolesFitTask([R.LAWYER], TaskType.REFERRAL_RESPONSE)).toBe(false);
    expect(rolesFitTask([R.SUPERVISOR], TaskType.CLOSURE_APPROVAL)).toBe(true);
    expect(rolesFitTask([R.CASE_MANAGER], TaskType.CLOSURE_APPROVAL)).toBe(false);
    expect(rolesFitTask([R.AUDITOR, R.ADMINISTRATOR, R.ORGANISATION_ADMIN], TaskType.FOLLOW_UP)).toBe(false);
  });
});

describe('decideClaim', () => {
  it('lets a staff member whose role fits take an unassigned open task of their organisation', () => {
    expect(decideClaim(manager, task())).toBe('APPLY');
    expect(decideClaim(agency, task({ type: TaskType.REFERRAL_RESPONSE }))).toBe('APPLY');
    expect(decideClaim(supervisor, task({ type: TaskType.CLOSURE_APPROVAL }))).toBe('APPLY');
  });

  it('answers UNCHANGED when the claimer already holds it (a retry)', () => {
    expect(decideClaim(manager, task({ assigneeId: manager.staffId }))).toBe('UNCHANGED');
  });

  it('is a CONFLICT when someone else holds it (the other claim won) or it is closed', () => {
    expect(codeOf(() => decideClaim(lawyer, task({ assigneeId: manager.staffId })))).toBe(
      DomainErrorCode.CONFLICT,
    );
    expect(codeOf(() => decideClaim(manager, task({ status: TaskStatus.DONE })))).toBe(
      DomainErrorCode.CONFLICT,
    );
    expect(codeOf(() => decideClaim(manager, task({ status: TaskStatus.CANCELLED })))).toBe(
      DomainErrorCode.CONFLICT,
    );
  });

  it('is FORBIDDEN when the role does not fit the task type', () => {
    expect(codeOf(() => decideClaim(agency, task()))).toBe(DomainErrorCode.FORBIDDEN);
    expect(codeOf(() => decideClaim(manager, task({ type: TaskType.LEGAL_OVERRIDE_COUNTERSIGN })))).toBe(
      DomainErrorCode.FORBIDDEN,
    );
  });

  it('is NOT_FOUND for another organisation, a missing task, or someone without an inbox', () => {
    expect(codeOf(() => decideClaim(foreignManager, task()))).toBe(DomainErrorCode.NOT_FOUND);
    expect(codeOf(() => decideClaim(foreignSupervisor, task({ status: TaskStatus.DONE })))).toBe(
      DomainErrorCode.NOT_FOUND,
    );
    expect(codeOf(() => decideClaim(manager, null))).toBe(DomainErrorCode.NOT_FOUND);
    expect(codeOf(() => decideClaim(actor([R.AUDITOR]), task()))).toBe(DomainErrorCode.NOT_FOUND);
    expect(codeOf(() => decideClaim(actor([R.ORGANISATION_ADMIN]), task()))).toBe(DomainErrorCode.NOT_FOUND);
  });
});

describe('decideAssign', () => {
  const PATH = ['input', 'assigneeId'];
  const teamLead = actor([R.CASE_MANAGER], 'dost', 'team-lead');

  it('lets a SUPERVISOR assign an unassigned task and reassign an assigned one', () => {
    expect(decideAssign(supervisor, task(), null, member('lawyer', { roles: [R.LAWYER] }), PATH)).toBe(
      'APPLY',
    );
    expect(
      decideAssign(
        supervisor,
        task({ assigneeId: 'manager' }),
        member('manager'),
        member('lawyer', { roles: [R.LAWYER] }),
        PATH,
      ),
    ).toBe('APPLY');
  });

  it("lets the current assignee's own supervisor reassign, not any colleague", () => {
    const current = member('manager', { supervisorId: teamLead.staffId });
    expect(decideAssign(teamLead, task({ assigneeId: 'manager' }), current, member('other'), PATH)).toBe(
      'APPLY',
    );
    expect(
      codeOf(() => decideAssign(lawyer, task({ assigneeId: 'manager' }), current, member('other'), PATH)),
    ).toBe(DomainErrorCode.FORBIDDEN);
    // An unassigned task has no assignee's supervisor: only a SUPERVISOR assigns it.
    expect(codeOf(() => decideAssign(teamLead, task(), null, member('other'), PATH))).toBe(
      DomainErrorCode.FORBIDDEN,
    );
    expect(codeOf(() => decideAssign(manager, task(), null, member(manager.staffId), PATH))).toBe(
      DomainErrorCode.FORBIDDEN,
    );
  });

  it('answers UNCHANGED when the task already has that assignee (a retry)', () => {
    expect(
      decideAssign(supervisor, task({ assigneeId: 'manager' }), member('manager'), member('manager'), PATH),
    ).toBe('UNCHANGED');
  });

  it('is a CONFLICT for a completed or cancelled task', () => {
    for (const status of [TaskStatus.DONE, TaskStatus.CANCELLED]) {
      expect(codeOf(() => decideAssign(supervisor, task({ status }), null, member('manager'), PATH))).toBe(
        DomainErrorCode.CONFLICT,
      );
    }
  });

  it('is NOT_FOUND for another organisation’s task, whoever the assignee', () => {
    expect(codeOf(() => decideAssign(foreignSupervisor, task(), null, member('manager'), PATH))).toBe(
      DomainErrorCode.NOT_FOUND,
    );
    expect(codeOf(() => decideAssign(supervisor, null, null, member('manager'), PATH))).toBe(
      DomainErrorCode.NOT_FOUND,
    );
  });

  it('is BAD_USER_INPUT at the field path for a foreign, missing, inactive or unfit assignee, never naming them', () => {
    const bad = [
      member('foreign', { organisationId: ORG.dost2.id }),
      null,
      member('gone', { active: false }),
      member('agency', { roles: [R.AGENCY_OFFICER] }),
      member('admin', { roles: [R.ORGANISATION_ADMIN] }),
    ];
    for (const assignee of bad) {
      const error = errorOf(() => decideAssign(supervisor, task(), null, assignee, PATH));
      expect(error.code).toBe(DomainErrorCode.BAD_INPUT);
      expect(error.fields.map((f) => f.path)).toEqual([PATH]);
      if (assignee) expect(JSON.stringify({ m: error.message, f: error.fields })).not.toContain(assignee.id);
    }
  });
});

describe('decideRelease', () => {
  it('lets the assignee give their own task back', () => {
    expect(decideRelease(manager, task({ assigneeId: manager.staffId }))).toBe('APPLY');
  });

  it('answers UNCHANGED for an unassigned task (a retry)', () => {
    expect(decideRelease(manager, task())).toBe('UNCHANGED');
  });

  it('is FORBIDDEN for someone else’s task, even for a supervisor', () => {
    expect(codeOf(() => decideRelease(lawyer, task({ assigneeId: manager.staffId })))).toBe(
      DomainErrorCode.FORBIDDEN,
    );
    expect(codeOf(() => decideRelease(supervisor, task({ assigneeId: manager.staffId })))).toBe(
      DomainErrorCode.FORBIDDEN,
    );
  });

  it('is a CONFLICT for a closed task and NOT_FOUND across organisations', () => {
    expect(
      codeOf(() => decideRelease(manager, task({ assigneeId: manager.staffId, status: TaskStatus.DONE }))),
    ).toBe(DomainErrorCode.CONFLICT);
    expect(codeOf(() => decideRelease(foreignManager, task({ assigneeId: foreignManager.staffId })))).toBe(
      DomainErrorCode.NOT_FOUND,
    );
  });
});
