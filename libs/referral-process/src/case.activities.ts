import { recordClosureApprovedNotification } from '@lib/notifications';
import { loadConsentRecords } from '@lib/consents';
import {
  type ActivityContext,
  type CaseFacts,
  type RiskLevelChangeResult,
  WithdrawCause,
  type WithdrawnReferrals,
  dedupeKey,
} from '@lib/contracts';
import {
  checkConsentCoverage,
  DomainError,
  DomainErrorCode,
  followUpSchedule,
  isActiveReferral,
  RiskLevel,
  StaffRole,
  TaskStatus,
  TaskType,
} from '@lib/domain';
import {
  activeStaff,
  appendTimeline,
  cancelCaseTasks,
  createTask,
  monitoringGroupOf,
  organisationType,
  readCase,
  supervisorFor,
  mustLockReferral,
} from './read-model';
import { ACTIVE, type ActivityRunner, iso } from './activity-runner';
import { withdrawOne } from './referral-lifecycle';

/** Case activities: facts for the case workflow, follow-ups, consent withdrawal, closure. */
export class CaseActivities {
  constructor(private readonly run: ActivityRunner) {}

  async loadCaseFacts({ caseId }: { caseId: string }): Promise<CaseFacts> {
    return this.run.read(async (m) => {
      const c = await readCase(m, caseId);
      if (!c) throw DomainError.notFound('Case');
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
    input: ActivityContext & { caseId: string; seq: number; planFrom?: string; planFirstSeq?: number },
  ): Promise<{ taskId: string; dueAt: string }> {
    const key = dedupeKey(input.workflowId, `follow-up/${input.seq}`);
    return this.run.once('scheduleFollowUp', key, async (m) => {
      const c = await readCase(m, input.caseId);
      if (!c) throw DomainError.notFound('Case');
      // Planned from the case's opening, or (after a risk-level change) from the assessment that re-planned them.
      const from = input.planFrom ? new Date(input.planFrom) : c.opened_at;
      const n = input.seq - (input.planFirstSeq ?? 1) + 1;
      const schedule = followUpSchedule(c.risk_level, from, n, this.run.policyNow());
      const dueAt = schedule[n - 1] as Date;
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

  async applyRiskLevelChange(
    input: ActivityContext & { caseId: string; assessmentId: string; seq: number },
  ): Promise<RiskLevelChangeResult> {
    const key = dedupeKey(input.workflowId, `risk-level/${input.assessmentId}`);
    return this.run.once('applyRiskLevelChange', key, async (m) => {
      const c = await readCase(m, input.caseId, true);
      if (!c) throw DomainError.notFound('Case');
      const rows: { id: string; level: RiskLevel; previous_level: RiskLevel; assessed_at: Date; assessor_id: string; organisation_id: string }[] =
        await m.query(
          `SELECT id, level, previous_level, assessed_at, assessor_id, organisation_id FROM risk_assessments
            WHERE id = $1 AND case_id = $2`,
          [input.assessmentId, c.id],
        );
      const a = rows[0];
      if (!a) throw DomainError.notFound('Risk assessment');
      const assessedAt = new Date(a.assessed_at);
      let followUp: RiskLevelChangeResult['followUp'] = null;
      if (c.status === 'OPEN') {
        // The pending follow-up was timed for the old level: replace it with the new level's first follow-up.
        await m.query(
          `UPDATE tasks SET status = $2, completed_at = $3 WHERE case_id = $1 AND type = $4 AND status = 'OPEN'`,
          [c.id, TaskStatus.CANCELLED, new Date(input.at), TaskType.FOLLOW_UP],
        );
        const dueAt = followUpSchedule(c.risk_level, assessedAt, 1, this.run.policyNow())[0] as Date;
        const taskId = await createTask(m, {
          organisationId: c.owning_organisation_id,
          type: TaskType.FOLLOW_UP,
          caseId: c.id,
          assigneeId: c.case_manager_id,
          dueAt,
          followUpAt: dueAt,
          dedupeKey: dedupeKey(input.workflowId, `follow-up/${input.seq}`),
        });
        followUp = { taskId, seq: input.seq, dueAt: iso(dueAt), planFrom: iso(assessedAt) };
      }
      let conferenceTaskId: string | null = null;
      const monitoringGroup =
        a.level === RiskLevel.HIGH && a.previous_level !== RiskLevel.HIGH ? await monitoringGroupOf(m, c.region) : null;
      if (monitoringGroup) {
        conferenceTaskId = await createTask(m, {
          organisationId: monitoringGroup,
          type: TaskType.RISK_CONFERENCE,
          caseId: c.id,
          dueAt: null,
          dedupeKey: `${key}/conference`,
        });
        const conferences: { id: string }[] = await m.query(
          `INSERT INTO risk_conferences (case_id, assessment_id, organisation_id, task_id, created_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (assessment_id) DO NOTHING RETURNING id`,
          [c.id, a.id, monitoringGroup, conferenceTaskId, new Date(input.at)],
        );
        if (conferences[0]) {
          await this.run.audit.record(m, {
            actorId: a.assessor_id,
            organisationId: a.organisation_id,
            action: 'RISK_CONFERENCE_REQUESTED',
            subjectType: 'risk_conference',
            subjectId: conferences[0].id,
            caseId: c.id,
            fields: [],
            occurredAt: new Date(input.at),
          });
        }
      }
      await appendTimeline(m, {
        caseId: c.id,
        organisationId: c.owning_organisation_id,
        actorId: null,
        kind: 'RISK_LEVEL_APPLIED',
        details: {
          assessmentId: a.id,
          level: c.risk_level,
          followUpDueAt: followUp?.dueAt ?? null,
          conferenceTaskId,
        },
        occurredAt: new Date(input.at),
        dedupeKey: `${key}/timeline`,
      });
      return { level: c.risk_level, followUp, conferenceTaskId };
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
    return this.run.once('withdrawReferralsForConsent', key, async (m) => {
      // The withdrawal takes effect now whatever the clock of the caller: make sure the consent row says so.
      await m.query(
        `UPDATE consents SET withdrawn_at = COALESCE(withdrawn_at, $3) WHERE id = $1 AND case_id = $2`,
        [input.consentId, input.caseId, at],
      );
      const consents = (await loadConsentRecords(m, input.caseId)).filter((c) => c.id !== input.consentId);
      const referrals: { id: string }[] = await m.query(
        `SELECT id FROM referrals WHERE case_id = $1 AND status = ANY($2) AND consent_id IS NOT NULL ORDER BY id FOR UPDATE`,
        [input.caseId, [...ACTIVE]],
      );
      const withdrawn: string[] = [];
      for (const { id } of referrals) {
        const r = await mustLockReferral(m, id);
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
        await withdrawOne(
          this.run.lifecycle,
          m,
          r,
          WithdrawCause.CONSENT_WITHDRAWN,
          at,
          input.actorId,
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
    return this.run.once('requestCaseClosure', key, async (m) => {
      const c = await readCase(m, input.caseId, true);
      if (!c) throw DomainError.notFound('Case');
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
      await this.run.audit.record(m, {
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
    return this.run.once('approveCaseClosure', key, async (m) => {
      const c = await readCase(m, input.caseId, true);
      if (!c) throw DomainError.notFound('Case');
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
        const r = await mustLockReferral(m, id);
        if (!isActiveReferral(r.status)) continue;
        await withdrawOne(this.run.lifecycle, m, r, WithdrawCause.CASE_CLOSED, at, input.actorId);
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
      await recordClosureApprovedNotification(m, { caseId: c.id, organisationId: c.owning_organisation_id, requestedBy: c.closure_requested_by });
      await appendTimeline(m, {
        caseId: c.id,
        organisationId: c.owning_organisation_id,
        actorId: input.actorId,
        kind: 'CASE_CLOSED',
        details: { withdrawnReferrals: withdrawn.length },
        occurredAt: at,
        dedupeKey: `${key}/timeline`,
      });
      await this.run.audit.record(m, {
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
}
