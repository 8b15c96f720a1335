import { type ActivityContext, type DeadlinePhase, type EscalationResult, dedupeKey } from '@lib/contracts';
import {
  DomainError,
  EscalationTarget,
  pinnedEscalationTargets,
  type ReferralEvent,
  ReferralEventType,
  ReferralStatus,
  TaskStatus,
  TaskType,
} from '@lib/domain';
import { SYSTEM_ACTOR_ID } from '@lib/audit';
import {
  appendTimeline,
  closeReferralTasks,
  createTask,
  markTaskReminded,
  monitoringGroupOf,
  readCase,
  supervisorFor,
  mustLockReferral,
} from './read-model';
import { type ActivityRunner } from './activity-runner';
import { lifecycleReferral } from './referral-lifecycle';

/** What happens around a referral's deadlines: reminders before them, escalation when one is missed. */
export class ReferralDeadlineActivities {
  constructor(private readonly run: ActivityRunner) {}

  /**
   * A reminder reaches the recipient through the open task it is about: the REFERRAL_RESPONSE task in the response
   * phase, the REFERRAL_SERVICE task (the accepting officer's) in the service phase. That task gets `reminded_at` and
   * one more `reminder_count`, so the inbox shows it. Without such a task (the referral moved on as the timer fired)
   * nothing is left to remind anyone of in an inbox: the reminder is on the timeline only (taskId null).
   * Once per reminder instant: the dedupe key holds the instant, so a retried attempt does not count twice.
   */
  async remindReferral(
    input: ActivityContext & { referralId: string; phase: DeadlinePhase; dueAt: string },
  ): Promise<void> {
    const key = dedupeKey(input.workflowId, `remind/${input.phase}/${input.at}`);
    const at = new Date(input.at);
    await this.run.once('remindReferral', key, async (m) => {
      const r = await mustLockReferral(m, input.referralId);
      const taskType = input.phase === 'RESPONSE' ? TaskType.REFERRAL_RESPONSE : TaskType.REFERRAL_SERVICE;
      const task = await markTaskReminded(m, r.id, taskType, at);
      await appendTimeline(m, {
        caseId: r.case_id,
        organisationId: r.to_organisation_id,
        actorId: null,
        kind: 'REFERRAL_REMINDER',
        referralId: r.id,
        details: {
          phase: input.phase,
          dueAt: input.dueAt,
          taskId: task?.id ?? null,
          reminderCount: task?.reminder_count ?? null,
        },
        occurredAt: at,
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
    return this.run.once('escalateReferral', key, async (m): Promise<EscalationResult> => {
      const r = await mustLockReferral(m, input.referralId);
      const expected = input.phase === 'RESPONSE' ? ReferralStatus.PENDING : ReferralStatus.ACCEPTED;
      if (r.status !== expected)
        return { referralId: r.id, status: r.status, version: r.version, escalated: false };
      const c = await readCase(m, r.case_id);
      if (!c) throw DomainError.notFound('Case');
      const event: ReferralEvent =
        input.phase === 'RESPONSE'
          ? { type: ReferralEventType.EXPIRE }
          : { type: ReferralEventType.ESCALATE };
      const next = await this.run.lifecycle.changeStatus(m, lifecycleReferral(r), event, { at });
      if (input.phase === 'RESPONSE') {
        await closeReferralTasks(m, r.id, TaskStatus.CANCELLED, null, at, [TaskType.REFERRAL_RESPONSE]);
      }
      // Who hears of it: the targets pinned with the deadlines when the referral opened (policy data).
      const targets = pinnedEscalationTargets(r.escalate_to);
      const escalationTaskId = targets.includes(EscalationTarget.SENDER_SUPERVISOR)
        ? await createTask(m, {
            organisationId: r.from_organisation_id,
            type: TaskType.ESCALATION,
            caseId: r.case_id,
            referralId: r.id,
            assigneeId: await supervisorFor(m, r.from_organisation_id, r.created_by),
            dueAt: at,
            dedupeKey: `${key}/escalation-task`,
          })
        : null;
      const monitoringGroup = targets.includes(EscalationTarget.REGION_MONITORING_GROUP)
        ? await monitoringGroupOf(m, c.region)
        : null;
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
      // Back to the sender with a suggestion to re-route, whatever the targets (domain rule).
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
          escalateTo: targets,
          escalationTaskId,
          monitoringTaskId,
          monitoringOrganisationId: monitoringGroup,
          recipientOrganisationId: r.to_organisation_id,
        },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.run.audit.record(m, {
        actorId: SYSTEM_ACTOR_ID,
        organisationId: r.from_organisation_id,
        action: input.phase === 'RESPONSE' ? 'REFERRAL_EXPIRED' : 'REFERRAL_ESCALATED',
        subjectType: 'referral',
        subjectId: r.id,
        caseId: r.case_id,
        fields: ['status', 'escalatedAt'],
        occurredAt: at,
      });
      return { referralId: r.id, status: next.to, version: next.version, escalated: true };
    });
  }
}
