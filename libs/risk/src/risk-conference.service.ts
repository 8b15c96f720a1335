import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter } from '@lib/audit';
import { type Actor, Action, defineAbilityFor } from '@lib/authz';
import { TimelineKind, TimelineWriter } from '@lib/cases';
import { DomainError, RiskConferenceOutcome, TaskStatus, TaskType, isUuid, optionalText, requireEnum } from '@lib/domain';
import { IdempotencyService, preparedQuery } from '@lib/persistence';

export interface RecordConferenceOutcomeCommand {
  taskId: unknown;
  outcome: unknown;
  idempotencyKey: unknown;
}

interface TaskRow {
  id: string;
  organisation_id: string;
  assignee_id: string | null;
  status: TaskStatus;
  type: TaskType;
  case_id: string | null;
}

/**
 * The monitoring group records what its multi-agency risk conference decided (enum values only), through the
 * RISK_CONFERENCE task in its inbox: outcome, task DONE, timeline and audit in ONE transaction, at most once per
 * (actor, idempotencyKey). Only those who may act on the task (CASL Task rules) can; anyone else gets NOT_FOUND.
 */
@Injectable()
export class RiskConferenceService {
  constructor(
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
  ) {}

  async recordOutcome(
    actor: Actor,
    input: RecordConferenceOutcomeCommand,
    meta: { requestId: string | null },
    now = new Date(),
  ): Promise<{ conferenceId: string; replayed: boolean }> {
    const key = optionalText(input.idempotencyKey, ['input', 'idempotencyKey'], { maxLength: 200 });
    if (key === null) {
      throw DomainError.badInput('Invalid conference outcome', [{ path: ['input', 'idempotencyKey'], message: 'must not be empty' }]);
    }
    const outcome = requireEnum(RiskConferenceOutcome, input.outcome, ['input', 'outcome']);
    const taskId = typeof input.taskId === 'string' ? input.taskId.toLowerCase() : '';
    const hash = IdempotencyService.hashRequest({ taskId, outcome });
    const result = await this.idempotency.runOnce(actor.staffId, key, 'recordRiskConferenceOutcome', hash, async (manager) => {
      const tasks = isUuid(taskId)
        ? await preparedQuery<TaskRow>(
            manager,
            `SELECT id, organisation_id, assignee_id, status, type, case_id FROM tasks WHERE id = $1 FOR UPDATE`,
            [taskId],
          )
        : [];
      const task = tasks[0];
      const ability = defineAbilityFor(actor);
      const subject = task && { kind: 'Task' as const, id: task.id, organisationId: task.organisation_id, assigneeId: task.assignee_id };
      if (!task || !subject || task.type !== TaskType.RISK_CONFERENCE || !ability.can(Action.Read, subject)) {
        throw DomainError.notFound('Task');
      }
      if (!ability.can(Action.Update, subject)) throw DomainError.forbidden('Your role cannot record this conference');
      if (task.status !== TaskStatus.OPEN) throw DomainError.conflict(`Task is already ${task.status}`);
      const conferences = await preparedQuery<{ id: string; case_id: string }>(
        manager,
        `UPDATE risk_conferences SET outcome = $2, outcome_recorded_by = $3, outcome_recorded_at = $4
          WHERE task_id = $1 AND outcome IS NULL RETURNING id, case_id`,
        [task.id, outcome, actor.staffId, now],
      );
      const conference = conferences[0];
      if (!conference) throw DomainError.conflict('The conference outcome is already recorded');
      await preparedQuery(manager, `UPDATE tasks SET status = 'DONE', completed_at = $2, completed_by = $3 WHERE id = $1`, [
        task.id,
        now,
        actor.staffId,
      ]);
      await this.timeline.append(manager, {
        caseId: conference.case_id,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.RISK_CONFERENCE_HELD,
        occurredAt: now,
        details: { conferenceId: conference.id, outcome },
      });
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'RISK_CONFERENCE_OUTCOME_RECORDED',
        subjectType: 'risk_conference',
        subjectId: conference.id,
        caseId: conference.case_id,
        fields: ['outcome'],
        requestId: meta.requestId,
        occurredAt: now,
      });
      return conference.id;
    });
    return { conferenceId: result.id, replayed: result.replayed };
  }
}
