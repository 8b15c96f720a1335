import { CaseStatus, DomainError, type FieldIssue, StaffRole, adminRolesOf } from '@lib/domain';
import { type Actor, CASE_ROLES, REFERRAL_RECIPIENT_ROLES, hasAnyRole } from './actor';
import { type AssignmentOutcome, type AssignmentStaff } from './task-assignment';

/**
 * Case assignment inside one organisation (issue 14 item 4): the staff members working on a case. The owning
 * organisation's workers hold a case role; a recipient organisation's worker (who accepted the referral, or whom its
 * supervisor assigned) holds a referral-recipient role. Who assigns and unassigns: a supervisor (role SUPERVISOR) or an
 * organisation administrator of that organisation; a worker may not assign others. Follows the task assignment rules:
 * same organisation only, active members only, NOT_FOUND when the actor's organisation has nothing to do with the case.
 */

/** The case as the assignment rules see it: ids and status only. */
export interface AssignableCase {
  owningOrganisationId: string;
  status: CaseStatus;
  /** Organisations with an ACTIVE referral of the case (they work on it too). */
  recipientOrganisationIds: readonly string[];
}

/** The roles a worker of the case must hold in `organisationId` (the owner's case roles, or a recipient's roles). */
export function workerRolesFor(c: Pick<AssignableCase, 'owningOrganisationId'>, organisationId: string): readonly StaffRole[] {
  return c.owningOrganisationId === organisationId ? CASE_ROLES : REFERRAL_RECIPIENT_ROLES;
}

/** Whether the actor may assign and unassign their organisation's workers: role SUPERVISOR or an administrator. */
export function mayAssignCaseWorkers(actor: Actor): boolean {
  return actor.roles.includes(StaffRole.SUPERVISOR) || hasAnyRole(actor, adminRolesOf(actor.organisationType));
}

/**
 * A missing case, or one the actor's organisation neither owns nor receives through an active referral: NOT_FOUND,
 * so existence is never revealed. Roles are checked after (FORBIDDEN), as for tasks.
 */
function requireParticipating(actor: Actor, c: AssignableCase | null): asserts c is AssignableCase {
  if (!c) throw DomainError.notFound('Case');
  const participates =
    c.owningOrganisationId === actor.organisationId || c.recipientOrganisationIds.includes(actor.organisationId);
  if (!participates) throw DomainError.notFound('Case');
}

function requireAssigner(actor: Actor): void {
  if (!mayAssignCaseWorkers(actor)) {
    throw DomainError.forbidden('Only a supervisor or an organisation administrator may assign case workers');
  }
}

function requireOpen(c: AssignableCase): void {
  if (c.status === CaseStatus.CLOSED) throw DomainError.conflict('Case is closed');
}

/**
 * Assigns `assignee` (as found; null: no such member) to the case as a worker of the actor's organisation. A foreign,
 * missing, inactive member or one without the roles of a worker is BAD_USER_INPUT at `assigneePath`, never naming the
 * id. `currentWorkerIds` are the case's active workers of the actor's organisation: assigning one again is UNCHANGED.
 */
export function decideAssignCase(
  actor: Actor,
  c: AssignableCase | null,
  currentWorkerIds: readonly string[],
  assignee: AssignmentStaff | null,
  assigneePath: string[],
): AssignmentOutcome {
  requireParticipating(actor, c);
  requireAssigner(actor);
  requireOpen(c);
  const problem = assigneeProblem(actor, c, assignee);
  if (problem !== null) throw DomainError.badInput('Invalid case worker', [{ path: assigneePath, message: problem }]);
  return assignee !== null && currentWorkerIds.includes(assignee.id) ? 'UNCHANGED' : 'APPLY';
}

function assigneeProblem(actor: Actor, c: AssignableCase, assignee: AssignmentStaff | null): FieldIssue['message'] | null {
  if (!assignee || assignee.organisationId !== actor.organisationId || !assignee.active) {
    return 'must be an active member of your organisation';
  }
  const workerRoles = workerRolesFor(c, actor.organisationId);
  if (!assignee.roles.some((r) => workerRoles.includes(r))) {
    return 'their roles cannot work on this case';
  }
  return null;
}

/**
 * Releases `staffId` from the case's workers of the actor's organisation. Not a current worker: UNCHANGED (a retry).
 * The last worker of the owning organisation on a case that is not closed cannot be removed (CONFLICT): assign the
 * next worker first.
 */
export function decideUnassignCase(
  actor: Actor,
  c: AssignableCase | null,
  currentWorkerIds: readonly string[],
  staffId: string,
): AssignmentOutcome {
  requireParticipating(actor, c);
  requireAssigner(actor);
  requireOpen(c);
  if (!currentWorkerIds.includes(staffId)) return 'UNCHANGED';
  if (c.owningOrganisationId === actor.organisationId && currentWorkerIds.length === 1) {
    throw DomainError.conflict('A case that is not closed keeps at least one worker; assign another one first');
  }
  return 'APPLY';
}

/**
 * Access inside an organisation follows assignment. In the owning organisation a case-role member reaches the case
 * when they hold the SUPERVISOR role (closure approval, legal-basis countersignature and break-glass review are the
 * organisation's supervisors' duties on any of its cases) or are on the case's team (an active worker, or the
 * supervisor of one). Everyone else of the organisation: NOT_FOUND, or break-glass. Mirrored by the CASL rules
 * (defineAbilityFor) and the SQL scopes (casePredicate).
 */
export function ownerReaches(actor: Actor, c: { teamIds: readonly string[] }): boolean {
  return actor.roles.includes(StaffRole.SUPERVISOR) || c.teamIds.includes(actor.staffId);
}

/**
 * In a recipient organisation (active referral), a recipient-role member reaches the case while nobody of their
 * organisation is assigned to it (so someone can accept the referral); once someone is, the owner's rule applies.
 */
export function recipientReaches(actor: Actor, c: { teamIds: readonly string[]; assignedOrganisationIds: readonly string[] }): boolean {
  return !c.assignedOrganisationIds.includes(actor.organisationId) || ownerReaches(actor, c);
}
