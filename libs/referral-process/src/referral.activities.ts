import { type EntityManager } from 'typeorm';
import { loadConsentRecords } from '@lib/consents';
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
  createTask,
  lockReferralToOpen,
  mustLockReferral,
  pinReferralDeadlines,
  type ReferralToOpen,
  type TimelineRow,
} from './read-model';
import { type ActivityRunner, iso, Rollback } from './activity-runner';
import { type ReferralPartyEvent, recipientIsDeactivated } from '@lib/referrals';
import { lifecycleReferral, withdrawOne } from './referral-lifecycle';

/** Referral activities: open (pin deadlines, re-check consent, disclose), the recipient's transitions, withdrawal. */
export class ReferralActivities {
  constructor(private readonly run: ActivityRunner) {}

  /**
   * Pins the deadlines and escalation targets of the policy in force now into the referral row (`r` locked), so later
   * policy changes do not apply to it, and aligns its open response task's due date. Returns the deadlines and the
   * timeline entry recording them (the caller appends it, with its own, in one statement).
   */
  private async pinDeadlines(
    m: EntityManager,
    r: ReferralToOpen,
    at: Date,
    key: string,
  ): Promise<{ pinned: PinnedDeadlines; responseTaskId: string | null; entry: TimelineRow }> {
    const policy = this.run.policyNow();
    // A legal-basis referral reaches its recipient at its countersignature, so its clock starts there (as the API's
    // countersignLegalOverride times it); any other referral's at its creation.
    const from = r.countersigned_at ?? r.created_at;
    const d = computeReferralDeadlines(policy, r.service_type, r.case_risk_level, from);
    const rule = referralRule(policy, r.service_type, r.case_risk_level);
    const serviceReminders = d.serviceDueAt
      ? reminderTimes(from, d.serviceDueAt, rule.reminders, policy.calendar)
      : [];
    const { version, responseTaskId } = await pinReferralDeadlines(m, r.id, d);
    r.response_due_at = d.responseDueAt;
    r.service_due_at = d.serviceDueAt;
    r.escalate_to = d.escalateTo;
    r.version = version;
    const entry: TimelineRow = {
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
    };
    const pinned: PinnedDeadlines = {
      referralId: r.id,
      status: r.status,
      version,
      policyVersion: d.policyVersion,
      responseDueAt: iso(d.responseDueAt),
      responseReminders: d.responseReminders.map(iso),
      serviceDueAt: d.serviceDueAt ? iso(d.serviceDueAt) : null,
      serviceReminders: serviceReminders.map(iso),
    };
    return { pinned, responseTaskId, entry };
  }

  /**
   * Opens a referral: pins its deadlines, re-checks consent right before disclosure and puts the response task in the
   * recipient's inbox, in one transaction. It is on the path from the sender's mutation to the recipient's inbox, so
   * its round trips are kept few: one read (referral locked, with its case's risk level and the recipient's type),
   * the consents, one write for deadlines and task due date, the timeline entries in one insert, the audit event.
   */
  async openReferral(input: ActivityContext & { referralId: string }): Promise<OpenedReferral> {
    const key = dedupeKey(input.workflowId, 'open');
    const at = new Date(input.at);
    return this.run.once('openReferral', key, async (m): Promise<OpenedReferral> => {
      const r = await lockReferralToOpen(m, input.referralId);
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
      // Re-check, right before disclosure, that what the referral shares is still allowed.
      const covered =
        r.legal_basis !== null ||
        r.data_categories.length === 0 ||
        checkConsentCoverage(
          await loadConsentRecords(m, r.case_id),
          {
            recipient: { organisationId: r.to_organisation_id, organisationType: r.recipient_type },
            categories: r.data_categories,
            purpose: r.purpose,
          },
          at,
        ).covered;
      const { pinned, responseTaskId, entry } = await this.pinDeadlines(m, r, at, key);
      if (!covered) {
        await appendTimeline(m, entry);
        const t = await withdrawOne(this.run.lifecycle, m, r, WithdrawCause.CONSENT_NOT_IN_FORCE, at, SYSTEM_ACTOR_ID);
        return { deadlines: pinned, outcome: { kind: 'WITHDRAWN', status: t.status, version: t.version } };
      }
      return { deadlines: pinned, outcome: await this.disclose(m, r, at, key, responseTaskId, entry) };
    });
  }

  /** Puts the response task in the recipient's inbox (`r` locked, PENDING, its disclosure re-checked). */
  private async disclose(
    m: EntityManager,
    r: ReferralToOpen,
    at: Date,
    key: string,
    responseTaskId: string | null,
    deadlinesEntry: TimelineRow,
  ): Promise<OpenReferralOutcome> {
    // One response task per referral: the API's ReferralCreationService may already have put one in the inbox; then
    // it is kept (its due date aligned with the pinned deadline, above) instead of adding a second.
    const taskId =
      responseTaskId ??
      (await createTask(m, {
        organisationId: r.to_organisation_id,
        type: TaskType.REFERRAL_RESPONSE,
        caseId: r.case_id,
        referralId: r.id,
        dueAt: r.response_due_at,
        dedupeKey: `${key}/response-task`,
      }));
    const fields = allowedFieldsFor(r.recipient_type, r.data_profile, r.data_categories);
    await appendTimeline(m, deadlinesEntry, {
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
      const t = input.transition;
      // The system declines the pending referrals of a deactivated recipient (they go back to their senders).
      const bySystem =
        input.actorId === SYSTEM_ACTOR_ID &&
        t.type === 'DECLINE' &&
        (await recipientIsDeactivated(m, r.to_organisation_id));
      const actor = bySystem
        ? { id: SYSTEM_ACTOR_ID, organisation_id: r.to_organisation_id }
        : await activeStaff(m, input.actorId);
      if (!actor || actor.organisation_id !== r.to_organisation_id) {
        throw DomainError.forbidden('Only staff of the recipient organisation can respond to a referral');
      }
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
