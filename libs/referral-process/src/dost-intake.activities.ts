import {
  type ActivityContext,
  type CompleteIntakeStepInput,
  type CompleteIntakeStepResult,
  type EscalateIntakeStandardInput,
  type IntakeStandards,
  IntakeStandard,
  type IntakeStep,
  dedupeKey,
} from '@lib/contracts';
import {
  assertCanCountersign,
  addDuration,
  dostServiceDeadlines,
  ConsentPurpose,
  DomainError,
  RiskAssessmentSource,
  type RiskLevel,
  StaffRole,
  TaskType,
} from '@lib/domain';
import { SYSTEM_ACTOR_ID } from '@lib/audit';
import { activeStaff, appendTimeline, closeTaskByKey, createTask, supervisorFor } from './read-model';
import { type ActivityRunner, iso } from './activity-runner';

/** The DOST intake standard: pinned service standards, intake steps, missed standards, legal-override countersignature. */
export class DostIntakeActivities {
  constructor(private readonly run: ActivityRunner) {}

  pinIntakeStandards(input: ActivityContext & { caseId: string }): Promise<IntakeStandards> {
    try {
      const at = new Date(input.at);
      const policy = this.run.policyNow();
      const d = dostServiceDeadlines(policy, at);
      return Promise.resolve({
        policyVersion: policy.version,
        frontOfficeDueAt: iso(d.frontOfficeDueAt),
        wholeServiceDueAt: iso(d.wholeServiceDueAt),
        operatorMs: addDuration(at, policy.dost.operator, policy.calendar).getTime() - at.getTime(),
      });
    } catch (error) {
      return Promise.reject(this.run.toFailure(error));
    }
  }

  async openIntakeStep(
    input: ActivityContext & { caseId: string; organisationId: string; step: IntakeStep; dueAt: string },
  ): Promise<{ taskId: string }> {
    const key = dedupeKey(input.workflowId, `step/${input.step}`);
    return this.run.once('openIntakeStep', key, async (m) => {
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

  async completeIntakeStep(input: CompleteIntakeStepInput): Promise<CompleteIntakeStepResult | null> {
    const key = dedupeKey(input.workflowId, `step/${input.step}/complete`);
    const at = new Date(input.at);
    return this.run.once('completeIntakeStep', key, async (m) => {
      const actor = await activeStaff(m, input.actorId);
      if (!actor || actor.organisation_id !== input.organisationId) {
        throw DomainError.forbidden('Only staff of the DOST centre can complete intake steps');
      }
      await closeTaskByKey(m, dedupeKey(input.workflowId, `step/${input.step}`), input.actorId, at);
      let riskAssessmentId: string | null = null;
      if (input.assessment) {
        const current: { risk_level: RiskLevel }[] = await m.query(`SELECT risk_level FROM cases WHERE id = $1 FOR UPDATE`, [
          input.caseId,
        ]);
        const previous = current[0]?.risk_level;
        await m.query(`UPDATE cases SET risk_level = $2, version = version + 1 WHERE id = $1`, [
          input.caseId,
          input.assessment.riskLevel,
        ]);
        if (previous !== undefined && previous !== input.assessment.riskLevel) {
          // A level change is an assessment like the instrument's (level only, no answers): the case workflow re-plans
          // the follow-ups from it and a rise to HIGH asks the monitoring group for a risk conference.
          const rows: { id: string }[] = await m.query(
            `INSERT INTO risk_assessments (id, case_id, organisation_id, assessor_id, source, level, previous_level, assessed_at)
             VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7) RETURNING id`,
            [input.caseId, input.organisationId, input.actorId, RiskAssessmentSource.DOST_INTERVIEW, input.assessment.riskLevel, previous, at],
          );
          riskAssessmentId = rows[0]?.id ?? null;
        }
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
      await this.run.audit.record(m, {
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
      return input.assessment ? { riskAssessmentId } : null;
    });
  }

  async escalateIntakeStandard(input: EscalateIntakeStandardInput): Promise<{ taskId: string }> {
    const key = dedupeKey(input.workflowId, `standard/${input.standard}/${input.step ?? 'ALL'}`);
    const at = new Date(input.at);
    return this.run.once('escalateIntakeStandard', key, async (m) => {
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
      await this.run.audit.record(m, {
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
    return this.run.once('requestLegalOverrideCountersign', key, async (m) => {
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
      await this.run.audit.record(m, {
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
    await this.run.once('countersignLegalOverride', key, async (m) => {
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
      await this.run.audit.record(m, {
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
}
