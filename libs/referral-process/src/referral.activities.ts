import { type EntityManager } from 'typeorm';
import {
  type ActivityContext,
  type AppliedTransition,
  type ApplyReferralTransitionInput,
  type OpenReferralOutcome,
  type OpenedReferral,
  type PinnedDeadlines,
  WithdrawCause,
  dedupeKey,
} from '@lib/contracts';
import {
  allowedFieldsFor,
  checkConsentCoverage,
  computeReferralDeadlines,
  DomainError,
  isActiveReferral,
  ReferralEventType,
  ReferralStatus,
  referralRule,
  reminderTimes,
  TaskType,
} from '@lib/domain';
import { SYSTEM_ACTOR_ID } from '@lib/audit';
import {
  activeStaff,
  appendTimeline,
  caseConsents,
  createTask,
  organisationType,
  readCase,
  type ReferralRow,
  updateReturning,
  mustLockReferral,
} from './read-model';
import { type ActivityRunner, iso, Rollback } from './activity-runner';
import { type ReferralPartyEvent } from '@lib/referrals';
import { lifecycleReferral, withdrawOne } from './referral-lifecycle';

/** Referral activities: open (pin deadlines, re-check consent, disclose), the recipient's transitions, withdrawal. */
export class ReferralActivities {
  constructor(private readonly run: ActivityRunner) {}

  /**
   * Pins the deadlines and escalation targets of the policy in force now into the referral row (`r` locked), so later
   * policy changes do not apply to it; returns the deadlines.
   */
  private async pinDeadlines(
    m: EntityManager,
    r: ReferralRow,
    at: Date,
    key: string,
  ): Promise<PinnedDeadlines> {
    const c = await readCase(m, r.case_id);
    if (!c) throw DomainError.notFound('Case', r.case_id);
    const policy = this.run.policyNow();
    const d = computeReferralDeadlines(policy, r.service_type, c.risk_level, r.created_at);
    const rule = referralRule(policy, r.service_type, c.risk_level);
    const serviceReminders = d.serviceDueAt
      ? reminderTimes(r.created_at, d.serviceDueAt, rule.reminders, policy.calendar)
      : [];
    const rows: { version: number }[] = await updateReturning<{ version: number }>(
      m,
      `UPDATE referrals SET response_due_at = $2, service_due_at = $3, escalate_to = $4, version = version + 1
        WHERE id = $1 RETURNING version`,
      [r.id, d.responseDueAt, d.serviceDueAt, d.escalateTo],
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
        escalateTo: d.escalateTo,
      },
      occurredAt: at,
      dedupeKey: `${key}/deadlines-timeline`,
    });
    r.response_due_at = d.responseDueAt;
    r.service_due_at = d.serviceDueAt;
    r.escalate_to = d.escalateTo;
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
    return this.run.once('openReferral', key, async (m): Promise<OpenedReferral> => {
      const r = await mustLockReferral(m, input.referralId);
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
        const t = await withdrawOne(
          this.run.lifecycle,
          m,
          r,
          WithdrawCause.CONSENT_NOT_IN_FORCE,
          at,
          SYSTEM_ACTOR_ID,
        );
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
    await this.run.audit.record(m, {
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
    return this.run.once('applyReferralTransition', key, async (m) => {
      const r = await mustLockReferral(m, input.referralId);
      const actor = await activeStaff(m, input.actorId);
      if (!actor || actor.organisation_id !== r.to_organisation_id) {
        throw DomainError.forbidden('Only staff of the recipient organisation can respond to a referral');
      }
      const t = input.transition;
      const event: ReferralPartyEvent =
        t.type === 'ACCEPT'
          ? { type: ReferralEventType.ACCEPT }
          : t.type === 'DECLINE'
            ? { type: ReferralEventType.DECLINE, reason: t.reason }
            : { type: ReferralEventType.COMPLETE, outcome: t.outcome };
      const next = await this.run.lifecycle.apply(
        m,
        lifecycleReferral(r),
        event,
        { staffId: actor.id, organisationId: actor.organisation_id },
        { at, requestId: null },
      );
      return { referralId: r.id, status: next.to, version: next.version };
    });
  }

  async withdrawReferral(
    input: ActivityContext & { referralId: string; cause: WithdrawCause },
  ): Promise<AppliedTransition> {
    const key = dedupeKey(input.workflowId, 'withdraw');
    const at = new Date(input.at);
    return this.run.once('withdrawReferral', key, async (m) => {
      const r = await mustLockReferral(m, input.referralId);
      if (!isActiveReferral(r.status)) return { referralId: r.id, status: r.status, version: r.version };
      return withdrawOne(this.run.lifecycle, m, r, input.cause, at, SYSTEM_ACTOR_ID);
    });
  }
}
