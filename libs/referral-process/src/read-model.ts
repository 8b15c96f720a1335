import { type EntityManager } from 'typeorm';
import { recordReminderNotification, recordTaskNotification } from '@lib/notifications';
import { preparedQuery } from '@lib/persistence';
import {
  DomainError,
  type ConsentPurpose,
  type DataCategory,
  type DataProfile,
  type LegalBasis,
  type OrganisationType,
  type ReferralStatus,
  type RiskLevel,
  type ServiceType,
  StaffRole,
  TaskStatus,
  type TaskType,
} from '@lib/domain';

/*
 * Read-model rows and writes used by the activities. Plain SQL, prepared (prepared-query.ts), on the caller's
 * transaction manager; ids and enum values only (personal data lives in `persons` and is never read here).
 */

export interface ReferralRow {
  id: string;
  case_id: string;
  from_organisation_id: string;
  to_organisation_id: string;
  service_type: ServiceType;
  data_profile: DataProfile;
  data_categories: DataCategory[];
  purpose: ConsentPurpose;
  status: ReferralStatus;
  consent_id: string | null;
  legal_basis: LegalBasis | null;
  countersigned_by: string | null;
  /** When a supervisor countersigned a legal-basis referral: its deadlines count from then (it reaches the recipient then). */
  countersigned_at: Date | null;
  response_due_at: Date;
  service_due_at: Date | null;
  /** Escalation targets pinned when the referral opened (EscalationTarget values); null = not pinned. */
  escalate_to: string[] | null;
  created_by: string;
  created_at: Date;
  version: number;
}

export interface CaseRow {
  id: string;
  owning_organisation_id: string;
  case_manager_id: string;
  region: string;
  risk_level: RiskLevel;
  is_child: boolean;
  status: string;
  opened_at: Date;
  closure_requested_by: string | null;
}

const REFERRAL_COLUMNS = `id, case_id, from_organisation_id, to_organisation_id, service_type, data_profile, data_categories,
  purpose, status, consent_id, legal_basis, countersigned_by, countersigned_at, response_due_at, service_due_at, escalate_to, created_by,
  created_at, version`;

export async function lockReferral(m: EntityManager, id: string): Promise<ReferralRow | null> {
  const rows: ReferralRow[] = await preparedQuery(m, `SELECT ${REFERRAL_COLUMNS} FROM referrals WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

/** A referral row with what opening it needs: its case's risk level and the recipient's organisation type. */
export interface ReferralToOpen extends ReferralRow {
  case_risk_level: RiskLevel;
  recipient_type: OrganisationType;
}

/** Locks the referral (not its case or recipient) and reads the facts opening it needs, in one round trip. */
export async function lockReferralToOpen(m: EntityManager, id: string): Promise<ReferralToOpen> {
  const rows: ReferralToOpen[] = await preparedQuery(
    m,
    `SELECT ${REFERRAL_COLUMNS.replace(/(\w+)/g, 'r.$1')}, c.risk_level AS case_risk_level, o.type AS recipient_type
       FROM referrals r JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = r.to_organisation_id
      WHERE r.id = $1 FOR UPDATE OF r`,
    [id],
  );
  if (!rows[0]) throw DomainError.notFound('Referral');
  return rows[0];
}

/**
 * Pins deadlines and escalation targets into the referral row and aligns the due date of its open response task (the
 * API may have put one in the inbox) in one statement. Returns the new version and that task's id, if there is one.
 */
export async function pinReferralDeadlines(
  m: EntityManager,
  referralId: string,
  d: { responseDueAt: Date; serviceDueAt: Date | null; escalateTo: readonly string[] },
): Promise<{ version: number; responseTaskId: string | null }> {
  const rows: { version: number; task_id: string | null }[] = await preparedQuery(
    m,
    `WITH pinned AS (
       UPDATE referrals SET response_due_at = $2, service_due_at = $3, escalate_to = $4, version = version + 1
        WHERE id = $1 RETURNING version),
     aligned AS (
       UPDATE tasks SET due_at = $2 WHERE id = (
         SELECT id FROM tasks WHERE referral_id = $1 AND type = 'REFERRAL_RESPONSE' AND status = 'OPEN'
          ORDER BY created_at, id LIMIT 1)
       RETURNING id)
     SELECT (SELECT version FROM pinned) AS version, (SELECT id FROM aligned) AS task_id`,
    [referralId, d.responseDueAt, d.serviceDueAt, d.escalateTo],
  );
  const row = rows[0];
  if (!row || row.version === null) throw DomainError.notFound('Referral');
  return { version: row.version, responseTaskId: row.task_id };
}

/** Locks the referral row; NOT_FOUND when there is none. */
export async function mustLockReferral(m: EntityManager, id: string): Promise<ReferralRow> {
  const r = await lockReferral(m, id);
  if (!r) throw DomainError.notFound('Referral');
  return r;
}

export async function readCase(m: EntityManager, id: string, lock = false): Promise<CaseRow | null> {
  const rows: CaseRow[] = await preparedQuery(
    m,
    `SELECT id, owning_organisation_id, case_manager_id, region, risk_level, is_child, status, opened_at,
            closure_requested_by
       FROM cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function organisationType(m: EntityManager, id: string): Promise<OrganisationType | null> {
  const rows: { type: OrganisationType }[] = await preparedQuery(m, `SELECT type FROM organisations WHERE id = $1`, [id]);
  return rows[0]?.type ?? null;
}


export interface StaffRow {
  id: string;
  organisation_id: string;
  roles: StaffRole[];
  supervisor_id: string | null;
}

export async function activeStaff(m: EntityManager, id: string): Promise<StaffRow | null> {
  const rows: StaffRow[] = await preparedQuery(
    m,
    `SELECT id, organisation_id, roles, supervisor_id FROM staff_members WHERE id = $1 AND active`,
    [id],
  );
  return rows[0] ?? null;
}

/** The supervisor of `staffId` if any, else an active supervisor of the organisation (lowest id), else null. */
export async function supervisorFor(m: EntityManager, organisationId: string, staffId: string | null): Promise<string | null> {
  if (staffId) {
    const s = await activeStaff(m, staffId);
    if (s?.supervisor_id) {
      const sup = await activeStaff(m, s.supervisor_id);
      if (sup) return sup.id;
    }
  }
  const rows: { id: string }[] = await preparedQuery(
    m,
    `SELECT id FROM staff_members WHERE organisation_id = $1 AND active AND $2 = ANY(roles) ORDER BY id LIMIT 1`,
    [organisationId, StaffRole.SUPERVISOR],
  );
  return rows[0]?.id ?? null;
}

/**
 * The monitoring group of a region: the one the coordinator assigned to cover it, else an active monitoring group
 * based in the region (lowest id when several), or null.
 */
export async function monitoringGroupOf(m: EntityManager, region: string): Promise<string | null> {
  const rows: { id: string }[] = await preparedQuery(
    m,
    `SELECT organisation_id AS id, 0 AS rank FROM region_monitoring_groups WHERE region = $1
     UNION ALL
     (SELECT id, 1 AS rank FROM organisations WHERE type = 'MONITORING_GROUP' AND region = $1 AND active ORDER BY id LIMIT 1)
     ORDER BY rank LIMIT 1`,
    [region],
  );
  return rows[0]?.id ?? null;
}

/** An organisation of `type`, preferring the region, then any (national bodies such as the SSA). */
export async function organisationOfType(m: EntityManager, type: OrganisationType, region: string): Promise<string | null> {
  const rows: { id: string }[] = await preparedQuery(
    m,
    `SELECT id FROM organisations WHERE type = $1 ORDER BY (region = $2) DESC, id LIMIT 1`,
    [type, region],
  );
  return rows[0]?.id ?? null;
}

export interface NewTaskRow {
  organisationId: string;
  type: TaskType;
  caseId: string | null;
  referralId?: string | null;
  assigneeId?: string | null;
  dueAt?: Date | null;
  followUpAt?: Date | null;
  dedupeKey: string;
}

/** Inserts the task once per dedupe key; returns the id of the (new or existing) task. */
export async function createTask(m: EntityManager, t: NewTaskRow): Promise<string> {
  const inserted: { id: string }[] = await preparedQuery(
    m,
    `INSERT INTO tasks (organisation_id, assignee_id, type, status, case_id, referral_id, due_at, follow_up_at, dedupe_key)
     VALUES ($1, $2, $3, 'OPEN', $4, $5, $6, $7, $8)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [t.organisationId, t.assigneeId ?? null, t.type, t.caseId, t.referralId ?? null, t.dueAt ?? null, t.followUpAt ?? null, t.dedupeKey],
  );
  if (inserted[0]) {
    await recordTaskNotification(m, { id: inserted[0].id, organisationId: t.organisationId, type: t.type, caseId: t.caseId, referralId: t.referralId ?? null, assigneeId: t.assigneeId ?? null, dueAt: t.dueAt ?? null });
    return inserted[0].id;
  }
  const existing: { id: string }[] = await preparedQuery(m, `SELECT id FROM tasks WHERE dedupe_key = $1`, [t.dedupeKey]);
  if (!existing[0]) throw new Error('task dedupe row vanished');
  return existing[0].id;
}

/** Closes OPEN tasks about a referral (of the given types, or all when omitted). */
export async function closeReferralTasks(
  m: EntityManager,
  referralId: string,
  status: TaskStatus.DONE | TaskStatus.CANCELLED,
  by: string | null,
  at: Date,
  types?: readonly TaskType[],
): Promise<void> {
  await preparedQuery(
    m,
    `UPDATE tasks SET status = $2, completed_at = $3, completed_by = $4
      WHERE referral_id = $1 AND status = 'OPEN' ${types ? 'AND type = ANY($5)' : ''}`,
    types ? [referralId, status, at, by, [...types]] : [referralId, status, at, by],
  );
}

/** Cancels every OPEN task of a case except the given types (closure). */
export async function cancelCaseTasks(m: EntityManager, caseId: string, at: Date, except: readonly TaskType[]): Promise<void> {
  await preparedQuery(
    m,
    `UPDATE tasks SET status = $2, completed_at = $3
      WHERE case_id = $1 AND status = 'OPEN' AND NOT (type = ANY($4))`,
    [caseId, TaskStatus.CANCELLED, at, [...except]],
  );
}

export async function closeTaskByKey(m: EntityManager, dedupeKey: string, by: string | null, at: Date): Promise<void> {
  await preparedQuery(
    m,
    `UPDATE tasks SET status = 'DONE', completed_at = $2, completed_by = $3 WHERE dedupe_key = $1 AND status = 'OPEN'`,
    [dedupeKey, at, by],
  );
}

/**
 * Marks the OPEN task of `type` about a referral as reminded at `at` (one more reminder); returns it, or null when the
 * referral has no such open task. Once per reminder: callers run it inside their dedupe-keyed transaction.
 */
export async function markTaskReminded(
  m: EntityManager,
  referralId: string,
  type: TaskType,
  at: Date,
): Promise<{ id: string; reminder_count: number } | null> {
  const rows = await preparedQuery<{ id: string; reminder_count: number; organisation_id: string; assignee_id: string | null; case_id: string | null; due_at: Date | null }>(
    m,
    `UPDATE tasks SET reminded_at = $3, reminder_count = reminder_count + 1
      WHERE id = (SELECT id FROM tasks WHERE referral_id = $1 AND type = $2 AND status = 'OPEN' ORDER BY created_at, id LIMIT 1)
      RETURNING id, reminder_count, organisation_id, assignee_id, case_id, due_at`,
    [referralId, type, at],
  );
  const task = rows[0];
  if (task) {
    await recordReminderNotification(m, { id: task.id, reminderCount: task.reminder_count, organisationId: task.organisation_id, assigneeId: task.assignee_id, caseId: task.case_id, referralId, type, dueAt: task.due_at, at });
  }
  return task ?? null;
}

export interface TimelineRow {
  caseId: string;
  organisationId: string;
  actorId: string | null;
  kind: string;
  referralId?: string | null;
  /** Ids and enum values only. */
  details?: Record<string, string | number | boolean | null | string[]>;
  occurredAt: Date;
  dedupeKey: string;
}

/** Appends entries (each once per dedupe key), several in one statement. */
export async function appendTimeline(m: EntityManager, ...entries: TimelineRow[]): Promise<void> {
  if (entries.length === 0) return;
  const values = entries.map((_, i) => `(${Array.from({ length: 8 }, (__, k) => `$${i * 8 + k + 1}`).join(', ')})`);
  await preparedQuery(
    m,
    `INSERT INTO timeline_entries (case_id, occurred_at, actor_id, organisation_id, kind, referral_id, details, dedupe_key)
     VALUES ${values.join(', ')} ON CONFLICT (dedupe_key) DO NOTHING`,
    entries.flatMap((e) => [e.caseId, e.occurredAt, e.actorId, e.organisationId, e.kind, e.referralId ?? null, JSON.stringify(e.details ?? {}), e.dedupeKey]),
  );
}
