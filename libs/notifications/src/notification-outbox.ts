import { type EntityManager } from 'typeorm';
import { ReferralStatus, type TaskType } from '@lib/domain';
import { preparedQuery } from '@lib/persistence';
import {
  MANDATORY_KINDS,
  NotificationKind,
  RECIPIENT_ROLES,
  isMandatory,
  kindForTask,
} from './notification-kinds';

/**
 * The outbox writer: every notification is a row inserted in the SAME transaction as the change that causes it (a
 * task in an inbox, a referral's status, a reminder), so it exists if and only if the change committed. A trigger
 * announces it on commit (`pg_notify`), which wakes the delivery dispatcher and the live subscriptions of every API
 * process. Plain functions over the caller's manager (no DI), so the API's services and the worker's activities
 * share them. Ids, enums and times only.
 */
export interface NewNotification {
  kind: NotificationKind;
  organisationId: string;
  recipientStaffId?: string | null;
  caseId?: string | null;
  referralId?: string | null;
  taskId?: string | null;
  taskType?: TaskType | null;
  dueAt?: Date | null;
  /** Unique when set: the same cause never notifies twice (retried activities, replayed transitions). */
  dedupeKey: string;
  /** When it happened (a workflow's time for reminders and escalations); default: the transaction's time. */
  occurredAt?: Date | null;
}

// The case's risk level decides whether a referral notice is mandatory; read in the same statement.
const INSERT = `INSERT INTO notifications (kind, organisation_id, recipient_staff_id, recipient_roles, case_id, referral_id,
    task_id, task_type, due_at, mandatory, dedupe_key, created_at)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9,
         $10 OR ($11 AND coalesce((SELECT c.risk_level = 'HIGH' FROM cases c WHERE c.id = $5), false)), $12,
         coalesce($13::timestamptz, now())
  ON CONFLICT (dedupe_key) DO NOTHING`;

export async function recordNotification(m: EntityManager, n: NewNotification): Promise<void> {
  await preparedQuery(m, INSERT, [
    n.kind,
    n.organisationId,
    n.recipientStaffId ?? null,
    [...RECIPIENT_ROLES[n.kind]],
    n.caseId ?? null,
    n.referralId ?? null,
    n.taskId ?? null,
    n.taskType ?? null,
    n.dueAt ?? null,
    MANDATORY_KINDS.includes(n.kind),
    isMandatory(n.kind, true),
    n.dedupeKey,
    n.occurredAt ?? null,
  ]);
}

export interface NewTaskNotice {
  id: string;
  organisationId: string;
  type: TaskType;
  caseId: string | null;
  referralId: string | null;
  assigneeId: string | null;
  dueAt: Date | null;
}

/** A new task in an organisation's inbox (call it only when the task was inserted, not when found by its dedupe key). */
export function recordTaskNotification(m: EntityManager, task: NewTaskNotice): Promise<void> {
  return recordNotification(m, {
    kind: kindForTask(task.type),
    organisationId: task.organisationId,
    recipientStaffId: task.assigneeId,
    caseId: task.caseId,
    referralId: task.referralId,
    taskId: task.id,
    taskType: task.type,
    dueAt: task.dueAt,
    dedupeKey: `task:${task.id}`,
  });
}

/**
 * A task was assigned to someone by another person (a supervisor): the assignee hears of it, and only they
 * (PERSONAL_KINDS). Never on a self-claim or a self-assignment: the caller decides. `changeId` identifies this
 * assignment (its audit event), so a retried write never notifies twice while a later re-assignment does.
 */
export function recordTaskAssignedNotification(
  m: EntityManager,
  task: NewTaskNotice & { assigneeId: string },
  changeId: string,
): Promise<void> {
  return recordNotification(m, {
    kind: NotificationKind.TASK_ASSIGNED,
    organisationId: task.organisationId,
    recipientStaffId: task.assigneeId,
    caseId: task.caseId,
    referralId: task.referralId,
    taskId: task.id,
    taskType: task.type,
    dueAt: task.dueAt,
    dedupeKey: `task:${task.id}:assigned:${changeId}`,
  });
}

/** A reminder before the deadline of an open task (once per reminder: `reminderCount` is the task's new count). */
export function recordReminderNotification(
  m: EntityManager,
  task: NewTaskNotice & { reminderCount: number; at: Date },
): Promise<void> {
  return recordNotification(m, {
    kind: NotificationKind.DEADLINE_REMINDER,
    organisationId: task.organisationId,
    recipientStaffId: task.assigneeId,
    caseId: task.caseId,
    referralId: task.referralId,
    taskId: task.id,
    taskType: task.type,
    dueAt: task.dueAt,
    dedupeKey: `reminder:${task.id}:${task.reminderCount}`,
    occurredAt: task.at,
  });
}

/** A staff member was assigned as a worker on a case (once per assignment row): to them alone, ids only. */
export function recordCaseAssignedNotification(
  m: EntityManager,
  a: { assignmentId: string; caseId: string; organisationId: string; staffId: string },
): Promise<void> {
  return recordNotification(m, {
    kind: NotificationKind.CASE_ASSIGNED,
    organisationId: a.organisationId,
    recipientStaffId: a.staffId,
    caseId: a.caseId,
    dedupeKey: `case-assigned:${a.assignmentId}`,
  });
}

export interface ReferralStatusNotice {
  id: string;
  caseId: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  createdBy: string;
  status: ReferralStatus;
  /** Why it was withdrawn (e.g. CONSENT_WITHDRAWN). */
  cause?: string | null;
  /** When (the request's or the workflow's time). */
  at: Date;
}

/** The cause code the consent withdrawal writes on the referrals it withdraws (@lib/referrals). */
const CONSENT_WITHDRAWN_CAUSE = 'CONSENT_WITHDRAWN';

/**
 * A referral reached a status: the sender hears of the answer (accepted, declined, completed, withdrawn); the recipient
 * hears that its referral was withdrawn (consent withdrawn: access cut off) or that it missed the deadline.
 */
export async function recordReferralStatusNotification(
  m: EntityManager,
  r: ReferralStatusNotice,
): Promise<void> {
  const toSender = (kind: NotificationKind): Promise<void> =>
    recordNotification(m, {
      kind,
      organisationId: r.fromOrganisationId,
      recipientStaffId: r.createdBy,
      caseId: r.caseId,
      referralId: r.id,
      dedupeKey: `referral:${r.id}:${r.status}:sender`,
      occurredAt: r.at,
    });
  const toRecipient = (kind: NotificationKind): Promise<void> =>
    recordNotification(m, {
      kind,
      organisationId: r.toOrganisationId,
      caseId: r.caseId,
      referralId: r.id,
      dedupeKey: `referral:${r.id}:${r.status}:recipient`,
      occurredAt: r.at,
    });
  switch (r.status) {
    case ReferralStatus.ACCEPTED:
      return toSender(NotificationKind.REFERRAL_ACCEPTED);
    case ReferralStatus.DECLINED:
      return toSender(NotificationKind.REFERRAL_DECLINED);
    case ReferralStatus.COMPLETED:
      return toSender(NotificationKind.REFERRAL_COMPLETED);
    case ReferralStatus.WITHDRAWN:
      await toSender(NotificationKind.REFERRAL_WITHDRAWN);
      return toRecipient(
        r.cause === CONSENT_WITHDRAWN_CAUSE
          ? NotificationKind.CONSENT_WITHDRAWN
          : NotificationKind.REFERRAL_WITHDRAWN,
      );
    case ReferralStatus.EXPIRED:
    case ReferralStatus.ESCALATED:
      return toRecipient(NotificationKind.DEADLINE_MISSED);
    case ReferralStatus.PENDING:
      return;
  }
}

/** A case closure was approved: the case manager who asked (and the supervisors) hear of it. */
export function recordClosureApprovedNotification(
  m: EntityManager,
  c: { caseId: string; organisationId: string; requestedBy: string | null },
): Promise<void> {
  return recordNotification(m, {
    kind: NotificationKind.CLOSURE_APPROVED,
    organisationId: c.organisationId,
    recipientStaffId: c.requestedBy,
    caseId: c.caseId,
    dedupeKey: `case:${c.caseId}:closure-approved`,
  });
}
