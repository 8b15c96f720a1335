import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { type Actor, Action, defineAbilityFor } from '@lib/authz';
import { DomainError, TaskStatus, TaskType, isUuid, safetyPlanItemIdOfTaskKey } from '@lib/domain';
import { StaffMemberEntity } from '@lib/organisations';
import { enqueueWorkflowStart, inTransaction, preparedQuery } from '@lib/persistence';
import { TaskEntity } from './task.entity';

export interface CompletedTask {
  id: string;
  type: TaskType;
  status: TaskStatus.DONE;
  completedAt: Date;
  /** The safety-plan item a SAFETY_PLAN_ACTION task's completion marked DONE (its review reminder must hear of it). */
  safetyPlanItemId: string | null;
}

/**
 * Tasks a person closes by hand once dealt with. The others close themselves when their action happens
 * (answering the referral, countersigning, approving the closure, completing the intake step), so that an inbox
 * never says "done" about something that was not done.
 */
export const MANUALLY_COMPLETABLE_TASK_TYPES: readonly TaskType[] = [
  TaskType.FOLLOW_UP,
  TaskType.ESCALATION,
  TaskType.MONITORING_ALERT,
  TaskType.REROUTE,
  TaskType.BREAK_GLASS_REVIEW,
  // The responsible organisation reports its safety-plan action done: the item is DONE with it (same transaction).
  TaskType.SAFETY_PLAN_ACTION,
];

@Injectable()
export class TaskCompletionService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  /** Marks an open task of the actor's inbox DONE. Not visible → NOT_FOUND; not allowed → FORBIDDEN; closed → CONFLICT. */
  complete(actor: Actor, taskId: string, meta: { requestId: string | null }, now = new Date()): Promise<CompletedTask> {
    return inTransaction(this.dataSource, async (manager) => {
      const task = isUuid(taskId)
        ? await manager.findOne(TaskEntity, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } })
        : null;
      const ability = defineAbilityFor(actor);
      // The assignee's supervisor (by relationship) works their team's tasks too.
      const assignee = task?.assigneeId
        ? await manager.findOne(StaffMemberEntity, { where: { id: task.assigneeId }, select: { id: true, supervisorId: true } })
        : null;
      const subject = task && {
        kind: 'Task' as const,
        id: task.id,
        organisationId: task.organisationId,
        assigneeId: task.assigneeId,
        assigneeSupervisorId: assignee?.supervisorId ?? null,
      };
      if (!task || !subject || !ability.can(Action.Read, subject)) throw DomainError.notFound('Task');
      if (!ability.can(Action.Update, subject)) throw DomainError.forbidden('Your role cannot complete this task');
      if (task.status !== TaskStatus.OPEN) throw DomainError.conflict(`Task is already ${task.status}`);
      if (!MANUALLY_COMPLETABLE_TASK_TYPES.includes(task.type)) {
        throw DomainError.badInput(`A ${task.type} task closes when its action is taken`, [
          { path: ['taskId'], message: 'complete it by acting on the referral, case or intake step it is about' },
        ]);
      }
      task.status = TaskStatus.DONE;
      task.completedAt = now;
      task.completedBy = actor.staffId;
      await manager.save(task);
      const safetyPlanItemId =
        task.type === TaskType.SAFETY_PLAN_ACTION ? await this.completeSafetyPlanItem(manager, actor, task, meta, now) : null;
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'TASK_COMPLETED',
        subjectType: 'task',
        subjectId: task.id,
        caseId: task.caseId,
        fields: ['status', 'completedAt', 'completedBy'],
        requestId: meta.requestId,
      });
      return { id: task.id, type: task.type, status: TaskStatus.DONE, completedAt: now, safetyPlanItemId };
    });
  }

  /**
   * The safety-plan item the task carries, still OPEN, becomes DONE (its owner sees it so; the review reminder ends),
   * audited as an item update by the responsible organisation. An item closed meanwhile is left as it is.
   */
  private async completeSafetyPlanItem(
    manager: EntityManager,
    actor: Actor,
    task: TaskEntity,
    meta: { requestId: string | null },
    now: Date,
  ): Promise<string | null> {
    const itemId = safetyPlanItemIdOfTaskKey(task.dedupeKey);
    if (itemId === null) return null;
    const [item] = await preparedQuery<{ id: string; case_id: string }>(
      manager,
      `UPDATE safety_plan_items SET status = 'DONE', updated_at = $2, version = version + 1
        WHERE id = $1 AND status = 'OPEN' AND responsible_organisation_id = $3 RETURNING id, case_id`,
      [itemId, now, task.organisationId],
    );
    if (!item) return null;
    // Its review reminder re-reads the item and ends (outbox: sent after the commit).
    await enqueueWorkflowStart(manager, { kind: 'SAFETY_PLAN_ITEM_CHANGED', subjectId: item.id, caseId: item.case_id, actorId: null });
    await this.audit.record(manager, {
      actorId: actor.staffId,
      organisationId: actor.organisationId,
      action: 'SAFETY_PLAN_ITEM_UPDATED',
      subjectType: 'safety_plan_item',
      subjectId: itemId,
      caseId: task.caseId,
      fields: ['status'],
      requestId: meta.requestId,
      occurredAt: now,
    });
    return itemId;
  }
}
