import { DomainError, type FieldIssue, StaffRole, TaskStatus, TaskType } from '@lib/domain';
import {
  type Actor,
  CASE_ROLES,
  REFERRAL_RECIPIENT_ROLES,
  REFERRAL_SENDER_ROLES,
  TASK_ROLES,
  hasAnyRole,
} from './actor';

/**
 * Who may hold a task of each type: the roles that take the action the task is about (answering or serving a
 * referral, countersigning, approving a closure, re-routing, a case's follow-up or intake step, a monitoring alert,
 * reviewing a break-glass access). Every set is inside TASK_ROLES (the roles with an inbox).
 */
export const TASK_TYPE_ROLES: Readonly<Record<TaskType, readonly StaffRole[]>> = {
  [TaskType.REFERRAL_RESPONSE]: REFERRAL_RECIPIENT_ROLES,
  [TaskType.REFERRAL_SERVICE]: REFERRAL_RECIPIENT_ROLES,
  [TaskType.LEGAL_OVERRIDE_COUNTERSIGN]: [StaffRole.SUPERVISOR],
  [TaskType.CLOSURE_APPROVAL]: [StaffRole.SUPERVISOR],
  [TaskType.ESCALATION]: CASE_ROLES,
  [TaskType.MONITORING_ALERT]: [StaffRole.MONITORING_OFFICER, StaffRole.SUPERVISOR],
  [TaskType.FOLLOW_UP]: CASE_ROLES,
  [TaskType.INTAKE_STEP]: CASE_ROLES,
  [TaskType.REROUTE]: REFERRAL_SENDER_ROLES,
  [TaskType.BREAK_GLASS_REVIEW]: [StaffRole.SUPERVISOR],
  // A high-risk case's multi-agency risk conference, convened by the region's monitoring group.
  [TaskType.RISK_CONFERENCE]: [StaffRole.MONITORING_OFFICER, StaffRole.SUPERVISOR],
  // A protection order's issuance, expiry or breach: the case owner's workers, or the referred police officer.
  [TaskType.PROTECTION_ORDER_ALERT]: [...new Set([...CASE_ROLES, ...REFERRAL_RECIPIENT_ROLES])],
  [TaskType.RISK_REASSESSMENT]: CASE_ROLES,
  // The organisation's webhook stopped: those who manage its webhooks (supervisors; administrators have no inbox).
  [TaskType.WEBHOOK_FAILED]: [StaffRole.SUPERVISOR],
  // A safety-plan item the organisation is responsible for: the case owner's workers, or another agency's officers.
  [TaskType.SAFETY_PLAN_ACTION]: [...new Set([...CASE_ROLES, ...REFERRAL_RECIPIENT_ROLES])],
  [TaskType.SAFETY_PLAN_REVIEW]: CASE_ROLES,
};

/** Whether someone holding `roles` may work on a task of this type. */
export function rolesFitTask(roles: readonly StaffRole[], type: TaskType): boolean {
  return roles.some((r) => TASK_TYPE_ROLES[type].includes(r));
}

/** The task as the assignment rules see it: ids, type and status only. */
export interface AssignableTask {
  organisationId: string;
  type: TaskType;
  status: TaskStatus;
  assigneeId: string | null;
}

/** A staff member as the assignment rules see them (the current or the proposed assignee). */
export interface AssignmentStaff {
  id: string;
  organisationId: string;
  active: boolean;
  roles: readonly StaffRole[];
  supervisorId: string | null;
}

/** APPLY: write the change; UNCHANGED: the task is already as asked (a retry), nothing to write. */
export type AssignmentOutcome = 'APPLY' | 'UNCHANGED';

/**
 * A task of another organisation, a missing task, or an actor without an inbox: NOT_FOUND, so existence is never
 * revealed. Inside one's own organisation a task-role member may learn that an (id-only) task exists.
 */
function requireVisible(actor: Actor, task: AssignableTask | null): asserts task is AssignableTask {
  if (!task || task.organisationId !== actor.organisationId || !hasAnyRole(actor, TASK_ROLES)) {
    throw DomainError.notFound('Task');
  }
}

function requireOpen(task: AssignableTask): void {
  if (task.status !== TaskStatus.OPEN) throw DomainError.conflict(`Task is already ${task.status}`);
}

/**
 * A staff member takes an unassigned open task of their organisation whose type their roles fit. Claiming a task
 * one already holds is UNCHANGED (a retry); a task someone else holds is a CONFLICT (the other claim won).
 */
export function decideClaim(actor: Actor, task: AssignableTask | null): AssignmentOutcome {
  requireVisible(actor, task);
  requireOpen(task);
  if (task.assigneeId === actor.staffId) return 'UNCHANGED';
  if (task.assigneeId !== null) throw DomainError.conflict('Task is already assigned');
  if (!rolesFitTask(actor.roles, task.type)) throw DomainError.forbidden('Your role cannot take this task');
  return 'APPLY';
}

/** Whether the actor supervises this task: role SUPERVISOR, or the supervisor of its current assignee. */
export function supervisesTask(
  actor: Actor,
  currentAssignee: Pick<AssignmentStaff, 'supervisorId'> | null,
): boolean {
  return (
    actor.roles.includes(StaffRole.SUPERVISOR) ||
    (currentAssignee !== null && currentAssignee.supervisorId === actor.staffId)
  );
}

/**
 * A supervisor (role SUPERVISOR, or the current assignee's supervisor) assigns or reassigns an open task to an active
 * member of the same organisation whose roles fit the task. `assignee` is the proposed member as found (null: no such
 * member); a foreign, missing, inactive or unfit one is BAD_USER_INPUT at `assigneePath`, never naming the id.
 */
export function decideAssign(
  actor: Actor,
  task: AssignableTask | null,
  currentAssignee: Pick<AssignmentStaff, 'supervisorId'> | null,
  assignee: AssignmentStaff | null,
  assigneePath: string[],
): AssignmentOutcome {
  requireVisible(actor, task);
  if (!supervisesTask(actor, currentAssignee))
    throw DomainError.forbidden('Only a supervisor may assign this task');
  requireOpen(task);
  const problem = assigneeProblem(task, assignee);
  if (problem !== null)
    throw DomainError.badInput('Invalid assignee', [{ path: assigneePath, message: problem }]);
  return task.assigneeId === assignee?.id ? 'UNCHANGED' : 'APPLY';
}

function assigneeProblem(
  task: AssignableTask,
  assignee: AssignmentStaff | null,
): FieldIssue['message'] | null {
  if (!assignee || assignee.organisationId !== task.organisationId || !assignee.active) {
    return 'must be an active member of your organisation';
  }
  if (!rolesFitTask(assignee.roles, task.type)) return 'their roles cannot work on this type of task';
  return null;
}

/** The assignee gives their own open task back to the organisation's queue. Already unassigned: UNCHANGED. */
export function decideRelease(actor: Actor, task: AssignableTask | null): AssignmentOutcome {
  requireVisible(actor, task);
  requireOpen(task);
  if (task.assigneeId === null) return 'UNCHANGED';
  if (task.assigneeId !== actor.staffId)
    throw DomainError.forbidden('Only the assignee may release this task');
  return 'APPLY';
}
