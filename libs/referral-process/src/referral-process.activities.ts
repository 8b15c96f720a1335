import { ApplicationFailure, Context } from '@temporalio/activity';
import { type DataSource, type EntityManager } from 'typeorm';
import {
  type ActivityContext,
  type AppliedTransition,
  type ApplyReferralTransitionInput,
  type CaseFacts,
  type DeadlinePhase,
  type EscalationResult,
  type IntakeReferralInput,
  type IntakeStandards,
  type IntakeReferralOutcome,
  IntakeStandard,
  type IntakeStep,
  type NeedsAssessment,
  NonRetryableType,
  type OpenReferralOutcome,
  type OpenedReferral,
  type PinnedDeadlines,
  PoliceNotificationMode,
  type ReferralProcessActivities,
  WithdrawCause,
  type WithdrawnReferrals,
  dedupeKey,
} from '@lib/contracts';
import {
  allowedCategoriesFor,
  allowedFieldsFor,
  applyReferralEvent,
  assertCanCountersign,
  checkConsentCoverage,
  addDuration,
  computeReferralDeadlines,
  dostServiceDeadlines,
  ConsentPurpose,
  consentedCategoriesFor,
  DataCategory,
  DataProfile,
  type DeadlinePolicy,
  DomainError,
  DomainErrorCode,
  followUpSchedule,
  consentMatchesRecipient,
  isConsentInForce,
  isActiveReferral,
  OrganisationType,
  type ReferralEvent,
  ReferralEventType,
  ReferralStatus,
  referralRule,
  reminderTimes,
  ServiceType,
  StaffRole,
  TaskStatus,
  TaskType,
  validateLegalOverrideRequest,
} from '@lib/domain';
import { AuditWriter, SYSTEM_ACTOR_ID } from '@lib/audit';
import { inTransaction } from '@lib/persistence';
import { loadDeadlinePolicyFromEnv, type DeadlinePolicySource } from './deadline-policy.loader';
import {
  activeStaff,
  appendTimeline,
  cancelCaseTasks,
  caseConsents,
  closeReferralTasks,
  closeTaskByKey,
  createTask,
  lockReferral,
  monitoringGroupOf,
  organisationOfType,
  organisationType,
  readCase,
  type ReferralRow,
  supervisorFor,
  updateReturning,
} from './read-model';

/** Test hook: called after an activity's transaction committed; throwing makes that attempt fail (and retry). */
export type FaultInjector = (activity: string, attempt: number) => void;

export interface ReferralProcessOptions {
  policy?: DeadlinePolicySource;
  faults?: FaultInjector;
}

/** Rolls the transaction back and returns `value` (outcomes that must not be memoised, e.g. "no consent yet"). */
class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

const DOMAIN_TO_FAILURE: Record<string, NonRetryableType> = {
  BAD_INPUT: NonRetryableType.BAD_INPUT,
  NOT_FOUND: NonRetryableType.NOT_FOUND,
  FORBIDDEN: NonRetryableType.FORBIDDEN,
  CONFLICT: NonRetryableType.CONFLICT,
  INVALID_TRANSITION: NonRetryableType.INVALID_TRANSITION,
  CONSENT_REQUIRED: NonRetryableType.CONSENT_REQUIRED,
  UNAUTHENTICATED: NonRetryableType.FORBIDDEN,
};

function nonRetryable(type: NonRetryableType, message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}

function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // called outside an activity (unit tests)
  }
}

function iso(d: Date): string {
  return d.toISOString();
}

const ACTIVE: readonly ReferralStatus[] = [
  ReferralStatus.PENDING,
  ReferralStatus.ACCEPTED,
  ReferralStatus.ESCALATED,
];

/**
 * The activities of the referral process: thin, idempotent adapters between workflows and PostgreSQL.
 * Each runs ONE transaction that starts by claiming its dedupe key in `idempotency_records` (actor = system,
 * key = `<workflowId>/<business key>`). A retry after a commit finds the key and returns the recorded result, so
 * tasks, timeline entries and audit events are written once; a concurrent duplicate blocks on the key until the
 * first commits. Tasks and timeline entries also carry unique dedupe keys of their own.
 */
export class ReferralProcessActivitiesImpl implements ReferralProcessActivities {
  private readonly audit = new AuditWriter();
  private readonly policy: DeadlinePolicySource;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ReferralProcessOptions = {},
  ) {
    this.policy = options.policy ?? (() => loadDeadlinePolicyFromEnv());
  }

  /** The activity functions, bound, for `Worker.create({ activities })`. */
  asActivities(): ReferralProcessActivities {
    const names: (keyof ReferralProcessActivities)[] = [
      'loadCaseFacts',
      'scheduleFollowUp',
      'withdrawReferralsForConsent',
      'requestCaseClosure',
      'approveCaseClosure',
      'openReferral',
      'applyReferralTransition',
      'remindReferral',
      'escalateReferral',
      'withdrawReferral',
      'pinIntakeStandards',
      'openIntakeStep',
      'completeIntakeStep',
      'escalateIntakeStandard',
      'requestLegalOverrideCountersign',
      'countersignLegalOverride',
      'createIntakeReferral',
    ];
    const out: Record<string, unknown> = {};
    const self = this as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const name of names) {
      out[name] = (...args: unknown[]) =>
        (self[name] as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    }
    return out as unknown as ReferralProcessActivities;
  }

  // ------------------------------------------------------------------------------------------ plumbing

  /**
   * Runs `work` once per key, in one transaction, and returns its (JSON) result; replays return the recorded result.
   * Domain errors become non-retryable failures; anything else (connection loss, deadlock) is retried by Temporal.
   */
  private async once<T>(activity: string, key: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await inTransaction(this.dataSource, async (m) => {
        const claimed: unknown[] = await m.query(
          `INSERT INTO idempotency_records (actor_id, key, operation, request_hash)
           VALUES ($1, $2, $3, '') ON CONFLICT (actor_id, key) DO NOTHING RETURNING key`,
          [SYSTEM_ACTOR_ID, key, activity],
        );
        if (claimed.length === 0) {
          const rows: { result_id: string | null }[] = await m.query(
            `SELECT result_id FROM idempotency_records WHERE actor_id = $1 AND key = $2`,
            [SYSTEM_ACTOR_ID, key],
          );
          return JSON.parse(rows[0]?.result_id ?? 'null') as T;
        }
        const value = await work(m);
        await m.query(`UPDATE idempotency_records SET result_id = $3 WHERE actor_id = $1 AND key = $2`, [
          SYSTEM_ACTOR_ID,
          key,
          JSON.stringify(value ?? null),
        ]);
        return value;
      });
    } catch (error) {
      if (error instanceof Rollback) return error.value as T;
      throw this.toFailure(error);
    }
    this.options.faults?.(activity, currentAttempt());
    return result;
  }

  /** A read-only step (no dedupe needed). */
  private async read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await work(this.dataSource.manager);
    } catch (error) {
      throw this.toFailure(error);
    }
  }

  private toFailure(error: unknown): Error {
    if (error instanceof DomainError) {
      return nonRetryable(DOMAIN_TO_FAILURE[error.code] ?? NonRetryableType.BAD_INPUT, error.message);
    }
    return error instanceof Error ? error : new Error('activity failed');
  }

  private async transitionReferral(
    m: EntityManager,
    r: ReferralRow,
    event: ReferralEvent,
    extra: Record<string, Date | string | null>,
  ): Promise<{ status: ReferralStatus; version: number }> {
    const t = applyReferralEvent(r.status, event);
    const sets = ['status = $2', 'version = version + 1'];
    const params: unknown[] = [r.id, t.to];
    const add = (column: string, value: unknown): void => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (t.declineReason !== null) add('decline_reason', t.declineReason);
    if (t.withdrawReason !== null) add('withdraw_reason', t.withdrawReason);
    if (t.outcomeNote !== null) add('outcome_note', t.outcomeNote);
    for (const [column, value] of Object.entries(extra)) add(column, value);
    const rows: { version: number }[] = await updateReturning<{ version: number }>(
      m,
      `UPDATE referrals SET ${sets.join(', ')} WHERE id = $1 RETURNING version`,
      params,
    );
    return { status: t.to, version: rows[0]?.version ?? r.version + 1 };
  }

  private async mustLockReferral(m: EntityManager, referralId: string): Promise<ReferralRow> {
    const r = await lockReferral(m, referralId);
    if (!r) throw DomainError.notFound('Referral', referralId);
    return r;
  }

  /** Withdraws an active referral: status, open tasks cancelled (the recipient loses the inbox item), timeline, audit. */
  private async withdrawOne(
    m: EntityManager,
    r: ReferralRow,
    cause: WithdrawCause,
    at: Date,
    actorId: string,
    key: string,
    consentId?: string,
  ): Promise<AppliedTransition> {
    const t = await this.transitionReferral(m, r, { type: ReferralEventType.WITHDRAW, reason: cause }, {});
    await closeReferralTasks(m, r.id, TaskStatus.CANCELLED, null, at);
    await appendTimeline(m, {
      caseId: r.case_id,
      organisationId: r.from_organisation_id,
      actorId: actorId === SYSTEM_ACTOR_ID ? null : actorId,
      kind: 'REFERRAL_WITHDRAWN',
      referralId: r.id,
      details: { cause, ...(consentId ? { consentId } : {}), recipientOrganisationId: r.to_organisation_id },
      occurredAt: at,
      dedupeKey: `${key}/timeline/${r.id}`,
    });
    await this.audit.record(m, {
      actorId,
      organisationId: r.from_organisation_id,
      action: 'REFERRAL_WITHDRAWN',
      subjectType: 'referral',
      subjectId: r.id,
      caseId: r.case_id,
      fields: ['status', 'withdrawReason'],
      purpose: r.purpose,
      justification: cause,
      occurredAt: at,
    });
    return { referralId: r.id, status: t.status, version: t.version };
  }

  private policyNow(): DeadlinePolicy {
    try {
      return this.policy();
    } catch (error) {
      // A broken policy file is an operator error: fail loudly, do not retry forever on the same bad file.
      if (error instanceof DomainError) throw nonRetryable(NonRetryableType.BAD_INPUT, error.message);
      throw error;
    }
  }

  // ------------------------------------------------------------------------------------------ case

  async loadCaseFacts({ caseId }: { caseId: string }): Promise<CaseFacts> {
    return this.read(async (m) => {
      const c = await readCase(m, caseId);
      if (!c) throw DomainError.notFound('Case', caseId);
      return {
        caseId: c.id,
        status: c.status,
        riskLevel: c.risk_level,
        owningOrganisationId: c.owning_organisation_id,
        openedAt: iso(c.opened_at),
        isChild: c.is_child,
      };
    });
  }

  async scheduleFollowUp(
    input: ActivityContext & { caseId: string; seq: number },
  ): Promise<{ taskId: string; dueAt: string }> {
    const key = dedupeKey(input.workflowId, `follow-up/${input.seq}`);
    return this.once('scheduleFollowUp', key, async (m) => {
      const c = await readCase(m, input.caseId);
      if (!c) throw DomainError.notFound('Case', input.caseId);
      const schedule = followUpSchedule(c.risk_level, c.opened_at, input.seq, this.policyNow());
      const dueAt = schedule[input.seq - 1] as Date;
      const taskId = await createTask(m, {
        organisationId: c.owning_organisation_id,
        type: TaskType.FOLLOW_UP,
        caseId: c.id,
        assigneeId: c.case_manager_id,
        dueAt,
        followUpAt: dueAt,
        dedupeKey: key,
      });
      return { taskId, dueAt: iso(dueAt) };
    });
  }

  async withdrawReferralsForConsent(
    input: ActivityContext & {
      caseId: string;
      consentId: string;
      actorId: string;
      trackedReferralIds?: string[];
    },
  ): Promise<WithdrawnReferrals> {
    const key = dedupeKey(input.workflowId, `consent-withdrawn/${input.consentId}`);
    const at = new Date(input.at);
    return this.once('withdrawReferralsForConsent', key, async (m) => {
      // The withdrawal takes effect now whatever the clock of the caller: make sure the consent row says so.
      await m.query(
        `UPDATE consents SET withdrawn_at = COALESCE(withdrawn_at, $3) WHERE id = $1 AND case_id = $2`,
        [input.consentId, input.caseId, at],
      );
      const consents = (await caseConsents(m, input.caseId)).filter((c) => c.id !== input.consentId);
      const referrals: { id: string }[] = await m.query(
        `SELECT id FROM referrals WHERE case_id = $1 AND status = ANY($2) AND consent_id IS NOT NULL ORDER BY id FOR UPDATE`,
        [input.caseId, [...ACTIVE]],
      );
      const withdrawn: string[] = [];
      for (const { id } of referrals) {
        const r = await this.mustLockReferral(m, id);
        const recipientType = await organisationType(m, r.to_organisation_id);
        const coverage = recipientType
          ? checkConsentCoverage(
              consents,
              {
                recipient: { organisationId: r.to_organisation_id, organisationType: recipientType },
                categories: r.data_categories,
                purpose: r.purpose,
              },
              at,
            )
          : { covered: false };
        // Still covered by another consent in force: the referral does not depend on the withdrawn one.
        if (r.consent_id !== input.consentId && coverage.covered) continue;
        if (r.consent_id === input.consentId && coverage.covered && r.data_categories.length > 0) {
          await m.query(`UPDATE referrals SET consent_id = $2 WHERE id = $1`, [
            r.id,
            (coverage as { supportingConsentIds: string[] }).supportingConsentIds[0] ?? null,
          ]);
          continue;
        }
        await this.withdrawOne(
          m,
          r,
          WithdrawCause.CONSENT_WITHDRAWN,
          at,
          input.actorId,
          key,
          input.consentId,
        );
        withdrawn.push(r.id);
      }
      // Referrals the case workflow still tracks but the database already closed (e.g. the API's consent withdrawal
      // withdrew them in its own transaction): their workflows must stop too.
      const tracked = (input.trackedReferralIds ?? []).filter((id) => !withdrawn.includes(id));
      const inactive: { id: string }[] = tracked.length
        ? await m.query(
            `SELECT id FROM referrals WHERE id = ANY($1::uuid[]) AND case_id = $2 AND NOT (status = ANY($3)) ORDER BY id`,
            [tracked, input.caseId, [...ACTIVE]],
          )
        : [];
      return { referralIds: withdrawn, alreadyInactive: inactive.map((r) => r.id) };
    });
  }

  async requestCaseClosure(
    input: ActivityContext & { caseId: string; actorId: string },
  ): Promise<{ taskId: string }> {
    const key = dedupeKey(input.workflowId, `closure-request/${input.at}`);
    const at = new Date(input.at);
    return this.once('requestCaseClosure', key, async (m) => {
      const c = await readCase(m, input.caseId, true);
      if (!c) throw DomainError.notFound('Case', input.caseId);
      const actor = await activeStaff(m, input.actorId);
      if (!actor || actor.organisation_id !== c.owning_organisation_id) {
        throw DomainError.forbidden('Only staff of the owning organisation can request closure');
      }
      if (c.status === 'CLOSED') throw new DomainError(DomainErrorCode.INVALID_TRANSITION, 'Case is closed');
      await m.query(
        `UPDATE cases SET status = 'CLOSURE_REQUESTED', closure_requested_by = $2, closure_requested_at = $3,
                version = version + 1 WHERE id = $1`,
        [c.id, input.actorId, at],
      );
      const taskId = await createTask(m, {
        organisationId: c.owning_organisation_id,
        type: TaskType.CLOSURE_APPROVAL,
        caseId: c.id,
        assigneeId: await supervisorFor(m, c.owning_organisation_id, input.actorId),
        dueAt: null,
        dedupeKey: key,
      });
      await appendTimeline(m, {
        caseId: c.id,
        organisationId: c.owning_organisation_id,
        actorId: input.actorId,
        kind: 'CLOSURE_REQUESTED',
        details: { taskId },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.audit.record(m, {
        actorId: input.actorId,
        organisationId: c.owning_organisation_id,
        action: 'CASE_CLOSURE_REQUESTED',
        subjectType: 'case',
        subjectId: c.id,
        caseId: c.id,
        fields: ['status'],
        occurredAt: at,
      });
      return { taskId };
    });
  }

  async approveCaseClosure(
    input: ActivityContext & { caseId: string; actorId: string },
  ): Promise<WithdrawnReferrals> {
    const key = dedupeKey(input.workflowId, 'closure-approve');
    const at = new Date(input.at);
    return this.once('approveCaseClosure', key, async (m) => {
      const c = await readCase(m, input.caseId, true);
      if (!c) throw DomainError.notFound('Case', input.caseId);
      const actor = await activeStaff(m, input.actorId);
      if (
        !actor ||
        actor.organisation_id !== c.owning_organisation_id ||
        !actor.roles.includes(StaffRole.SUPERVISOR)
      ) {
        throw DomainError.forbidden('Closure needs the approval of a supervisor of the owning organisation');
      }
      // Already closed (e.g. by the API's CaseClosureService in the same request): nothing left to write.
      if (c.status === 'CLOSED') return { referralIds: [] };
      if (c.status !== 'CLOSURE_REQUESTED') {
        throw new DomainError(
          DomainErrorCode.INVALID_TRANSITION,
          `Case is ${c.status}: no closure requested`,
        );
      }
      if (c.closure_requested_by === input.actorId) {
        throw DomainError.forbidden('The requester cannot approve their own closure request');
      }
      const open: { id: string }[] = await m.query(
        `SELECT id FROM referrals WHERE case_id = $1 AND status = ANY($2) ORDER BY id`,
        [c.id, [...ACTIVE]],
      );
      const withdrawn: string[] = [];
      for (const { id } of open) {
        const r = await this.mustLockReferral(m, id);
        if (!isActiveReferral(r.status)) continue;
        await this.withdrawOne(m, r, WithdrawCause.CASE_CLOSED, at, input.actorId, key);
        withdrawn.push(r.id);
      }
      await m.query(
        `UPDATE tasks SET status = 'DONE', completed_at = $2, completed_by = $3
          WHERE case_id = $1 AND type = 'CLOSURE_APPROVAL' AND status = 'OPEN'`,
        [c.id, at, input.actorId],
      );
      await cancelCaseTasks(m, c.id, at, [TaskType.CLOSURE_APPROVAL]);
      await m.query(
        `UPDATE cases SET status = 'CLOSED', closure_approved_by = $2, closed_at = $3, version = version + 1 WHERE id = $1`,
        [c.id, input.actorId, at],
      );
      await appendTimeline(m, {
        caseId: c.id,
        organisationId: c.owning_organisation_id,
        actorId: input.actorId,
        kind: 'CASE_CLOSED',
        details: { withdrawnReferrals: withdrawn.length },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.audit.record(m, {
        actorId: input.actorId,
        organisationId: c.owning_organisation_id,
        action: 'CASE_CLOSED',
        subjectType: 'case',
        subjectId: c.id,
        caseId: c.id,
        fields: ['status', 'closureApprovedBy', 'closedAt'],
        occurredAt: at,
      });
      return { referralIds: withdrawn };
    });
  }

  // ------------------------------------------------------------------------------------------ referral

  /** Pins the deadlines of the policy in force now into the referral row (`r` locked); returns them. */
  private async pinDeadlines(
    m: EntityManager,
    r: ReferralRow,
    at: Date,
    key: string,
  ): Promise<PinnedDeadlines> {
    const c = await readCase(m, r.case_id);
    if (!c) throw DomainError.notFound('Case', r.case_id);
    const policy = this.policyNow();
    const d = computeReferralDeadlines(policy, r.service_type, c.risk_level, r.created_at);
    const rule = referralRule(policy, r.service_type, c.risk_level);
    const serviceReminders = d.serviceDueAt
      ? reminderTimes(r.created_at, d.serviceDueAt, rule.reminders, policy.calendar)
      : [];
    const rows: { version: number }[] = await updateReturning<{ version: number }>(
      m,
      `UPDATE referrals SET response_due_at = $2, service_due_at = $3, version = version + 1 WHERE id = $1 RETURNING version`,
      [r.id, d.responseDueAt, d.serviceDueAt],
    );
    await appendTimeline(m, {
      caseId: r.case_id,
      organisationId: r.from_organisation_id,
      actorId: null,
      kind: 'REFERRAL_DEADLINES_SET',
      referralId: r.id,
      details: {
        policyVersion: d.policyVersion,
        responseDueAt: iso(d.responseDueAt),
        serviceDueAt: d.serviceDueAt ? iso(d.serviceDueAt) : null,
      },
      occurredAt: at,
      dedupeKey: `${key}/deadlines-timeline`,
    });
    r.response_due_at = d.responseDueAt;
    r.service_due_at = d.serviceDueAt;
    r.version = rows[0]?.version ?? r.version + 1;
    return {
      referralId: r.id,
      status: r.status,
      version: rows[0]?.version ?? r.version,
      policyVersion: d.policyVersion,
      responseDueAt: iso(d.responseDueAt),
      responseReminders: d.responseReminders.map(iso),
      serviceDueAt: d.serviceDueAt ? iso(d.serviceDueAt) : null,
      serviceReminders: serviceReminders.map(iso),
    };
  }

  async openReferral(input: ActivityContext & { referralId: string }): Promise<OpenedReferral> {
    const key = dedupeKey(input.workflowId, 'open');
    const at = new Date(input.at);
    return this.once('openReferral', key, async (m): Promise<OpenedReferral> => {
      const r = await this.mustLockReferral(m, input.referralId);
      if (r.status !== ReferralStatus.PENDING) {
        return { deadlines: null, outcome: { kind: 'NOT_PENDING', status: r.status, version: r.version } };
      }
      if (r.legal_basis !== null && r.countersigned_by === null) {
        // Nothing is disclosed (or memoised) before a supervisor countersigns; the workflow waits and asks again.
        throw new Rollback<OpenedReferral>({
          deadlines: null,
          outcome: { kind: 'AWAITING_COUNTERSIGN', status: r.status, version: r.version },
        });
      }
      const deadlines = await this.pinDeadlines(m, r, at, key);
      return { deadlines, outcome: await this.disclose(m, r, at, key) };
    });
  }

  /** Re-checks consent and puts the response task in the recipient's inbox (`r` locked and PENDING). */
  private async disclose(
    m: EntityManager,
    r: ReferralRow,
    at: Date,
    key: string,
  ): Promise<OpenReferralOutcome> {
    const recipientType = await organisationType(m, r.to_organisation_id);
    if (!recipientType) throw DomainError.notFound('Organisation', r.to_organisation_id);

    // Re-check, right before disclosure, that what the referral shares is still allowed.
    if (r.legal_basis !== null && r.countersigned_by === null) {
      throw DomainError.forbidden('A legal override must be countersigned by a supervisor before disclosure');
    }
    if (r.legal_basis === null && r.data_categories.length > 0) {
      const coverage = checkConsentCoverage(
        await caseConsents(m, r.case_id),
        {
          recipient: { organisationId: r.to_organisation_id, organisationType: recipientType },
          categories: r.data_categories,
          purpose: r.purpose,
        },
        at,
      );
      if (!coverage.covered) {
        const t = await this.withdrawOne(m, r, WithdrawCause.CONSENT_NOT_IN_FORCE, at, SYSTEM_ACTOR_ID, key);
        return { kind: 'WITHDRAWN', status: t.status, version: t.version };
      }
    }
    // One response task per referral: the API's ReferralCreationService may already have put one in the inbox; then
    // it is kept (its due date aligned with the pinned deadline) instead of adding a second.
    const existing: { id: string }[] = await updateReturning<{ id: string }>(
      m,
      `UPDATE tasks SET due_at = $2 WHERE id = (
         SELECT id FROM tasks WHERE referral_id = $1 AND type = 'REFERRAL_RESPONSE' AND status = 'OPEN' ORDER BY created_at, id LIMIT 1)
       RETURNING id`,
      [r.id, r.response_due_at],
    );
    const taskId =
      existing[0]?.id ??
      (await createTask(m, {
        organisationId: r.to_organisation_id,
        type: TaskType.REFERRAL_RESPONSE,
        caseId: r.case_id,
        referralId: r.id,
        dueAt: r.response_due_at,
        dedupeKey: `${key}/response-task`,
      }));
    const fields = allowedFieldsFor(recipientType, r.data_profile, r.data_categories);
    await appendTimeline(m, {
      caseId: r.case_id,
      organisationId: r.from_organisation_id,
      actorId: null,
      kind: 'REFERRAL_SENT',
      referralId: r.id,
      details: {
        recipientOrganisationId: r.to_organisation_id,
        dataProfile: r.data_profile,
        dataCategories: r.data_categories,
      },
      occurredAt: at,
      dedupeKey: `${key}/timeline`,
    });
    await this.audit.record(m, {
      actorId: r.created_by,
      organisationId: r.from_organisation_id,
      action: 'REFERRAL_DISCLOSED',
      subjectType: 'referral',
      subjectId: r.id,
      caseId: r.case_id,
      fields,
      purpose: r.purpose,
      justification: r.legal_basis,
      occurredAt: at,
    });
    return { kind: 'OPENED', taskId, status: r.status, version: r.version };
  }

  async applyReferralTransition(input: ApplyReferralTransitionInput): Promise<AppliedTransition> {
    const key = dedupeKey(input.workflowId, `update/${input.requestId}`);
    const at = new Date(input.at);
    return this.once('applyReferralTransition', key, async (m) => {
      const r = await this.mustLockReferral(m, input.referralId);
      const actor = await activeStaff(m, input.actorId);
      if (!actor || actor.organisation_id !== r.to_organisation_id) {
        throw DomainError.forbidden('Only staff of the recipient organisation can respond to a referral');
      }
      const t = input.transition;
      let event: ReferralEvent;
      const extra: Record<string, Date | null> = {};
      switch (t.type) {
        case 'ACCEPT':
          event = { type: ReferralEventType.ACCEPT };
          extra.responded_at = at;
          break;
        case 'DECLINE':
          event = { type: ReferralEventType.DECLINE, reason: t.reason };
          extra.responded_at = at;
          break;
        case 'COMPLETE':
          event = { type: ReferralEventType.COMPLETE, outcome: t.outcome };
          extra.completed_at = at;
          break;
      }
      const next = await this.transitionReferral(m, r, event, extra);
      await closeReferralTasks(m, r.id, TaskStatus.DONE, input.actorId, at, [
        TaskType.REFERRAL_RESPONSE,
        TaskType.REFERRAL_SERVICE,
      ]);
      if (next.status === ReferralStatus.ACCEPTED) {
        await createTask(m, {
          organisationId: r.to_organisation_id,
          type: TaskType.REFERRAL_SERVICE,
          caseId: r.case_id,
          referralId: r.id,
          assigneeId: input.actorId,
          dueAt: r.service_due_at,
          dedupeKey: `${key}/service-task`,
        });
      }
      if (next.status === ReferralStatus.DECLINED) {
        // Back to the sender with a suggestion to re-route.
        await createTask(m, {
          organisationId: r.from_organisation_id,
          type: TaskType.REROUTE,
          caseId: r.case_id,
          referralId: r.id,
          assigneeId: r.created_by,
          dedupeKey: `${key}/reroute-task`,
        });
      }
      const kind = `REFERRAL_${next.status}`;
      await appendTimeline(m, {
        caseId: r.case_id,
        organisationId: r.to_organisation_id,
        actorId: input.actorId,
        kind,
        referralId: r.id,
        details: { from: r.status, to: next.status },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.audit.record(m, {
        actorId: input.actorId,
        organisationId: r.to_organisation_id,
        action: kind,
        subjectType: 'referral',
        subjectId: r.id,
        caseId: r.case_id,
        fields:
          t.type === 'DECLINE'
            ? ['status', 'declineReason']
            : t.type === 'COMPLETE'
              ? ['status', 'outcomeNote']
              : ['status'],
        occurredAt: at,
      });
      return { referralId: r.id, status: next.status, version: next.version };
    });
  }

  async remindReferral(
    input: ActivityContext & { referralId: string; phase: DeadlinePhase; dueAt: string },
  ): Promise<void> {
    const key = dedupeKey(input.workflowId, `remind/${input.phase}/${input.at}`);
    await this.once('remindReferral', key, async (m) => {
      const r = await this.mustLockReferral(m, input.referralId);
      await appendTimeline(m, {
        caseId: r.case_id,
        organisationId: r.to_organisation_id,
        actorId: null,
        kind: 'REFERRAL_REMINDER',
        referralId: r.id,
        details: { phase: input.phase, dueAt: input.dueAt },
        occurredAt: new Date(input.at),
        dedupeKey: key,
      });
      return null;
    });
  }

  async escalateReferral(
    input: ActivityContext & { referralId: string; phase: DeadlinePhase },
  ): Promise<EscalationResult> {
    const key = dedupeKey(input.workflowId, `escalate/${input.phase}`);
    const at = new Date(input.at);
    return this.once('escalateReferral', key, async (m): Promise<EscalationResult> => {
      const r = await this.mustLockReferral(m, input.referralId);
      const expected = input.phase === 'RESPONSE' ? ReferralStatus.PENDING : ReferralStatus.ACCEPTED;
      if (r.status !== expected)
        return { referralId: r.id, status: r.status, version: r.version, escalated: false };
      const c = await readCase(m, r.case_id);
      if (!c) throw DomainError.notFound('Case', r.case_id);
      const event: ReferralEvent =
        input.phase === 'RESPONSE'
          ? { type: ReferralEventType.EXPIRE }
          : { type: ReferralEventType.ESCALATE };
      const next = await this.transitionReferral(m, r, event, { escalated_at: at });
      if (input.phase === 'RESPONSE') {
        await closeReferralTasks(m, r.id, TaskStatus.CANCELLED, null, at, [TaskType.REFERRAL_RESPONSE]);
      }
      const escalationTaskId = await createTask(m, {
        organisationId: r.from_organisation_id,
        type: TaskType.ESCALATION,
        caseId: r.case_id,
        referralId: r.id,
        assigneeId: await supervisorFor(m, r.from_organisation_id, r.created_by),
        dueAt: at,
        dedupeKey: `${key}/escalation-task`,
      });
      const monitoringGroup = await monitoringGroupOf(m, c.region);
      const monitoringTaskId = monitoringGroup
        ? await createTask(m, {
            organisationId: monitoringGroup,
            type: TaskType.MONITORING_ALERT,
            caseId: r.case_id,
            referralId: r.id,
            dueAt: at,
            dedupeKey: `${key}/monitoring-task`,
          })
        : null;
      await createTask(m, {
        organisationId: r.from_organisation_id,
        type: TaskType.REROUTE,
        caseId: r.case_id,
        referralId: r.id,
        assigneeId: r.created_by,
        dedupeKey: `${key}/reroute-task`,
      });
      await appendTimeline(m, {
        caseId: r.case_id,
        organisationId: r.from_organisation_id,
        actorId: null,
        kind: input.phase === 'RESPONSE' ? 'REFERRAL_EXPIRED' : 'REFERRAL_ESCALATED',
        referralId: r.id,
        details: {
          phase: input.phase,
          escalationTaskId,
          monitoringTaskId,
          monitoringOrganisationId: monitoringGroup,
          recipientOrganisationId: r.to_organisation_id,
        },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.audit.record(m, {
        actorId: SYSTEM_ACTOR_ID,
        organisationId: r.from_organisation_id,
        action: input.phase === 'RESPONSE' ? 'REFERRAL_EXPIRED' : 'REFERRAL_ESCALATED',
        subjectType: 'referral',
        subjectId: r.id,
        caseId: r.case_id,
        fields: ['status', 'escalatedAt'],
        occurredAt: at,
      });
      return { referralId: r.id, status: next.status, version: next.version, escalated: true };
    });
  }

  async withdrawReferral(
    input: ActivityContext & { referralId: string; cause: WithdrawCause },
  ): Promise<AppliedTransition> {
    const key = dedupeKey(input.workflowId, 'withdraw');
    const at = new Date(input.at);
    return this.once('withdrawReferral', key, async (m) => {
      const r = await this.mustLockReferral(m, input.referralId);
      if (!isActiveReferral(r.status)) return { referralId: r.id, status: r.status, version: r.version };
      return this.withdrawOne(m, r, input.cause, at, SYSTEM_ACTOR_ID, key);
    });
  }

  // ------------------------------------------------------------------------------------------ DOST intake

  pinIntakeStandards(input: ActivityContext & { caseId: string }): Promise<IntakeStandards> {
    try {
      const at = new Date(input.at);
      const policy = this.policyNow();
      const d = dostServiceDeadlines(policy, at);
      return Promise.resolve({
        policyVersion: policy.version,
        frontOfficeDueAt: iso(d.frontOfficeDueAt),
        wholeServiceDueAt: iso(d.wholeServiceDueAt),
        operatorMs: addDuration(at, policy.dost.operator, policy.calendar).getTime() - at.getTime(),
      });
    } catch (error) {
      return Promise.reject(this.toFailure(error));
    }
  }

  async openIntakeStep(
    input: ActivityContext & { caseId: string; organisationId: string; step: IntakeStep; dueAt: string },
  ): Promise<{ taskId: string }> {
    const key = dedupeKey(input.workflowId, `step/${input.step}`);
    return this.once('openIntakeStep', key, async (m) => {
      const taskId = await createTask(m, {
        organisationId: input.organisationId,
        type: TaskType.INTAKE_STEP,
        caseId: input.caseId,
        dueAt: new Date(input.dueAt),
        dedupeKey: key,
      });
      await appendTimeline(m, {
        caseId: input.caseId,
        organisationId: input.organisationId,
        actorId: null,
        kind: 'INTAKE_STEP_OPENED',
        details: { step: input.step, taskId, dueAt: input.dueAt },
        occurredAt: new Date(input.at),
        dedupeKey: `${key}/timeline`,
      });
      return { taskId };
    });
  }

  async completeIntakeStep(
    input: ActivityContext & {
      caseId: string;
      organisationId: string;
      step: IntakeStep;
      actorId: string;
      assessment?: NeedsAssessment;
    },
  ): Promise<void> {
    const key = dedupeKey(input.workflowId, `step/${input.step}/complete`);
    const at = new Date(input.at);
    await this.once('completeIntakeStep', key, async (m) => {
      const actor = await activeStaff(m, input.actorId);
      if (!actor || actor.organisation_id !== input.organisationId) {
        throw DomainError.forbidden('Only staff of the DOST centre can complete intake steps');
      }
      await closeTaskByKey(m, dedupeKey(input.workflowId, `step/${input.step}`), input.actorId, at);
      if (input.assessment) {
        await m.query(`UPDATE cases SET risk_level = $2, version = version + 1 WHERE id = $1`, [
          input.caseId,
          input.assessment.riskLevel,
        ]);
      }
      await appendTimeline(m, {
        caseId: input.caseId,
        organisationId: input.organisationId,
        actorId: input.actorId,
        kind: 'INTAKE_STEP_COMPLETED',
        details: {
          step: input.step,
          ...(input.assessment
            ? { riskLevel: input.assessment.riskLevel, needsShelter: input.assessment.needsShelter }
            : {}),
        },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.audit.record(m, {
        actorId: input.actorId,
        organisationId: input.organisationId,
        action: 'INTAKE_STEP_COMPLETED',
        subjectType: 'case',
        subjectId: input.caseId,
        caseId: input.caseId,
        fields: input.assessment ? ['riskLevel'] : [],
        justification: input.step,
        occurredAt: at,
      });
      return null;
    });
  }

  async escalateIntakeStandard(
    input: ActivityContext & {
      caseId: string;
      organisationId: string;
      standard: IntakeStandard;
      step: IntakeStep | null;
    },
  ): Promise<{ taskId: string }> {
    const key = dedupeKey(input.workflowId, `standard/${input.standard}/${input.step ?? 'ALL'}`);
    const at = new Date(input.at);
    return this.once('escalateIntakeStandard', key, async (m) => {
      const taskId = await createTask(m, {
        organisationId: input.organisationId,
        type: TaskType.ESCALATION,
        caseId: input.caseId,
        assigneeId: await supervisorFor(m, input.organisationId, null),
        dueAt: at,
        dedupeKey: key,
      });
      await appendTimeline(m, {
        caseId: input.caseId,
        organisationId: input.organisationId,
        actorId: null,
        kind: 'INTAKE_STANDARD_MISSED',
        details: { standard: input.standard, step: input.step, taskId },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.audit.record(m, {
        actorId: SYSTEM_ACTOR_ID,
        organisationId: input.organisationId,
        action: 'INTAKE_STANDARD_MISSED',
        subjectType: 'case',
        subjectId: input.caseId,
        caseId: input.caseId,
        justification:
          input.standard === IntakeStandard.WHOLE_SERVICE ? 'WHOLE_SERVICE' : `${input.standard}`,
        occurredAt: at,
      });
      return { taskId };
    });
  }

  async requestLegalOverrideCountersign(
    input: ActivityContext & { caseId: string; organisationId: string; actorId: string },
  ): Promise<{ taskId: string }> {
    const key = dedupeKey(input.workflowId, `countersign-request/${input.at}`);
    const at = new Date(input.at);
    return this.once('requestLegalOverrideCountersign', key, async (m) => {
      const actor = await activeStaff(m, input.actorId);
      if (!actor || actor.organisation_id !== input.organisationId) {
        throw DomainError.forbidden('Only staff of the DOST centre can request a legal override');
      }
      const taskId = await createTask(m, {
        organisationId: input.organisationId,
        type: TaskType.LEGAL_OVERRIDE_COUNTERSIGN,
        caseId: input.caseId,
        assigneeId: await supervisorFor(m, input.organisationId, input.actorId),
        dueAt: null,
        dedupeKey: key,
      });
      await appendTimeline(m, {
        caseId: input.caseId,
        organisationId: input.organisationId,
        actorId: input.actorId,
        kind: 'LEGAL_OVERRIDE_REQUESTED',
        details: { taskId },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.audit.record(m, {
        actorId: input.actorId,
        organisationId: input.organisationId,
        action: 'LEGAL_OVERRIDE_REQUESTED',
        subjectType: 'case',
        subjectId: input.caseId,
        caseId: input.caseId,
        purpose: ConsentPurpose.LAW_ENFORCEMENT,
        occurredAt: at,
      });
      return { taskId };
    });
  }

  async countersignLegalOverride(
    input: ActivityContext & { caseId: string; organisationId: string; requestedBy: string; actorId: string },
  ): Promise<void> {
    const key = dedupeKey(input.workflowId, `countersign/${input.actorId}/${input.at}`);
    const at = new Date(input.at);
    await this.once('countersignLegalOverride', key, async (m) => {
      const actor = await activeStaff(m, input.actorId);
      if (!actor) throw DomainError.forbidden('Unknown countersigner');
      assertCanCountersign(
        { staffId: input.requestedBy, organisationId: input.organisationId },
        {
          staffId: actor.id,
          organisationId: actor.organisation_id,
          isSupervisor: actor.roles.includes(StaffRole.SUPERVISOR),
        },
      );
      await m.query(
        `UPDATE tasks SET status = 'DONE', completed_at = $2, completed_by = $3
          WHERE case_id = $1 AND type = 'LEGAL_OVERRIDE_COUNTERSIGN' AND status = 'OPEN'`,
        [input.caseId, at, input.actorId],
      );
      await appendTimeline(m, {
        caseId: input.caseId,
        organisationId: input.organisationId,
        actorId: input.actorId,
        kind: 'LEGAL_OVERRIDE_COUNTERSIGNED',
        details: { requestedBy: input.requestedBy },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.audit.record(m, {
        actorId: input.actorId,
        organisationId: input.organisationId,
        action: 'LEGAL_OVERRIDE_COUNTERSIGNED',
        subjectType: 'case',
        subjectId: input.caseId,
        caseId: input.caseId,
        purpose: ConsentPurpose.LAW_ENFORCEMENT,
        occurredAt: at,
      });
      return null;
    });
  }

  async createIntakeReferral(input: IntakeReferralInput): Promise<IntakeReferralOutcome> {
    const key = dedupeKey(input.workflowId, `referral/${input.kind}`);
    const at = new Date(input.at);
    return this.once('createIntakeReferral', key, async (m): Promise<IntakeReferralOutcome> => {
      const c = await readCase(m, input.caseId);
      if (!c) throw DomainError.notFound('Case', input.caseId);
      const recipientType = input.kind === 'POLICE' ? OrganisationType.POLICE : OrganisationType.SSA;
      const recipient = await organisationOfType(m, recipientType, c.region);
      if (!recipient) throw new Rollback<IntakeReferralOutcome>({ kind: 'NO_RECIPIENT' });
      const consents = await caseConsents(m, c.id);
      const rec = { organisationId: recipient, organisationType: recipientType };

      let serviceType: ServiceType;
      let purpose: ConsentPurpose;
      let profile: DataProfile;
      let categories: DataCategory[] = [];
      let consentId: string | null = null;
      let legal: { basis: string; justification: string; by: string; at: Date } | null = null;
      if (input.kind === 'SSA') {
        serviceType = ServiceType.SHELTER_PLACEMENT;
        purpose = ConsentPurpose.SHELTER_PLACEMENT;
        profile = DataProfile.PSEUDONYMOUS;
        const consented = consentedCategoriesFor(consents, rec, purpose, at);
        // Anonymity protected: the SSA gets the case code and needs only, and only with a consent to apply.
        const inForce = consents.find(
          (k) => isConsentInForce(k, at) && consentMatchesRecipient(k, rec) && k.purposes.includes(purpose),
        );
        if (!inForce)
          throw new Rollback<IntakeReferralOutcome>({ kind: 'NO_CONSENT', missing: [DataCategory.HEALTH] });
        categories = allowedCategoriesFor(recipientType, profile, consented);
        consentId = inForce.id ?? null;
      } else if (input.mode === PoliceNotificationMode.FULL) {
        serviceType = ServiceType.INCIDENT_NOTIFICATION;
        purpose = ConsentPurpose.LAW_ENFORCEMENT;
        profile = DataProfile.FULL;
        const consented = consentedCategoriesFor(consents, rec, purpose, at);
        if (consented.length === 0) {
          throw new Rollback<IntakeReferralOutcome>({
            kind: 'NO_CONSENT',
            missing: [DataCategory.INCIDENT_NARRATIVE],
          });
        }
        categories = allowedCategoriesFor(recipientType, profile, consented);
        consentId =
          checkConsentCoverage(consents, { recipient: rec, categories, purpose }, at)
            .supportingConsentIds[0] ?? null;
      } else if (input.mode === PoliceNotificationMode.ANONYMOUS) {
        serviceType = ServiceType.ANONYMOUS_INCIDENT_NOTICE;
        purpose = ConsentPurpose.LAW_ENFORCEMENT;
        profile = DataProfile.ANONYMOUS_INCIDENT;
      } else {
        if (!input.countersignedBy || !input.countersignedAt) {
          throw DomainError.forbidden('A legal override needs a supervisor countersignature');
        }
        const v = validateLegalOverrideRequest(
          {
            basis: input.legalBasis,
            justification: input.justification,
            dataCategories: input.dataCategories,
          },
          { recipientOrganisationType: recipientType, caseIsChild: c.is_child },
        );
        serviceType = ServiceType.INCIDENT_NOTIFICATION;
        purpose = ConsentPurpose.LAW_ENFORCEMENT;
        profile = v.dataProfile;
        categories = v.dataCategories;
        legal = {
          basis: v.basis,
          justification: v.justification,
          by: input.countersignedBy,
          at: new Date(input.countersignedAt),
        };
      }
      const d = computeReferralDeadlines(this.policyNow(), serviceType, c.risk_level, at);
      const rows: { id: string }[] = await m.query(
        `INSERT INTO referrals (case_id, from_organisation_id, to_organisation_id, service_type, data_profile, data_categories,
                                purpose, status, consent_id, legal_basis, legal_justification, countersigned_by,
                                countersigned_at, response_due_at, service_due_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
        [
          c.id,
          input.organisationId,
          recipient,
          serviceType,
          profile,
          categories,
          purpose,
          consentId,
          legal?.basis ?? null,
          legal?.justification ?? null,
          legal?.by ?? null,
          legal?.at ?? null,
          d.responseDueAt,
          d.serviceDueAt,
          input.actorId,
          at,
        ],
      );
      const referralId = (rows[0] as { id: string }).id;
      await appendTimeline(m, {
        caseId: c.id,
        organisationId: input.organisationId,
        actorId: input.actorId,
        kind: 'REFERRAL_CREATED',
        referralId,
        details: {
          recipientOrganisationId: recipient,
          serviceType,
          dataProfile: profile,
          legalBasis: legal?.basis ?? null,
          countersignedBy: legal?.by ?? null,
        },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.audit.record(m, {
        actorId: input.actorId,
        organisationId: input.organisationId,
        action: 'REFERRAL_CREATED',
        subjectType: 'referral',
        subjectId: referralId,
        caseId: c.id,
        fields: ['status'],
        purpose,
        justification: legal ? `${legal.basis}` : null,
        occurredAt: at,
      });
      return { kind: 'CREATED', referralId };
    });
  }
}
