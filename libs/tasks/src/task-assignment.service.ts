import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import {
  type Actor,
  type AssignmentOutcome,
  type AssignmentStaff,
  decideAssign,
  decideClaim,
  decideRelease,
} from '@lib/authz';
import { DomainError, TaskStatus, type TaskType, isUuid } from '@lib/domain';
import { recordTaskAssignedNotification } from '@lib/notifications';
import { StaffMemberEntity } from '@lib/organisations';
import { inTransaction } from '@lib/persistence';
import { TaskEntity } from './task.entity';

/** A task after an assignment change: ids, type, status and due time only. */
export interface AssignedTask {
  id: string;
  type: TaskType;
  status: TaskStatus;
  assigneeId: string | null;
  caseId: string | null;
  referralId: string | null;
  dueAt: Date | null;
}

interface Meta {
  requestId: string | null;
}

/**
 * Claiming, assigning and releasing tasks inside one organisation (rules: @lib/authz task-assignment). Tasks carry no
 * version: each change locks the row and then updates it only while the assignee is still the one the rule saw, so
 * two concurrent claims cannot both win (the second sees the first's assignee: CONFLICT). A retry that finds the task
 * already as asked writes nothing and returns it. The audit row (ids and field names only) is in the same transaction,
 * and so is the assignee's TASK_ASSIGNED notification when someone else assigned the task to them.
 */
@Injectable()
export class TaskAssignmentService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  claim(actor: Actor, taskId: string, meta: Meta): Promise<AssignedTask> {
    return inTransaction(this.dataSource, async (m) => {
      const task = await this.lockTask(m, taskId);
      const outcome = decideClaim(actor, task);
      return this.apply(m, actor, task, outcome, actor.staffId, 'TASK_CLAIMED', meta);
    });
  }

  assign(
    actor: Actor,
    taskId: string,
    assigneeId: string,
    meta: Meta,
    assigneePath: string[],
  ): Promise<AssignedTask> {
    return inTransaction(this.dataSource, async (m) => {
      const task = await this.lockTask(m, taskId);
      const current = task?.assigneeId ? await this.staff(m, task.assigneeId) : null;
      const assignee = await this.staff(m, assigneeId);
      const outcome = decideAssign(actor, task, current, assignee, assigneePath);
      return this.apply(m, actor, task, outcome, assigneeId, 'TASK_ASSIGNED', meta);
    });
  }

  release(actor: Actor, taskId: string, meta: Meta): Promise<AssignedTask> {
    return inTransaction(this.dataSource, async (m) => {
      const task = await this.lockTask(m, taskId);
      const outcome = decideRelease(actor, task);
      return this.apply(m, actor, task, outcome, null, 'TASK_RELEASED', meta);
    });
  }

  private async lockTask(m: EntityManager, taskId: string): Promise<TaskEntity | null> {
    if (!isUuid(taskId)) return null;
    return m.findOne(TaskEntity, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
  }

  private async staff(m: EntityManager, id: string): Promise<AssignmentStaff | null> {
    if (!isUuid(id)) return null;
    const row = await m.findOne(StaffMemberEntity, {
      where: { id },
      select: { id: true, organisationId: true, active: true, roles: true, supervisorId: true },
    });
    return (
      row && {
        id: row.id,
        organisationId: row.organisationId,
        active: row.active,
        roles: row.roles,
        supervisorId: row.supervisorId,
      }
    );
  }

  private async apply(
    m: EntityManager,
    actor: Actor,
    task: TaskEntity | null,
    outcome: AssignmentOutcome,
    assigneeId: string | null,
    action: 'TASK_CLAIMED' | 'TASK_ASSIGNED' | 'TASK_RELEASED',
    meta: Meta,
  ): Promise<AssignedTask> {
    if (!task) throw DomainError.notFound('Task'); // unreachable: the rules refuse a missing task first
    if (outcome === 'UNCHANGED') return view(task);
    // Only while still OPEN with the assignee the rule saw (the row lock makes this hold; the condition says so).
    const result = await m
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ assigneeId })
      .where('id = :id AND status = :open', { id: task.id, open: TaskStatus.OPEN })
      .andWhere(task.assigneeId === null ? 'assignee_id IS NULL' : 'assignee_id = :seen', {
        seen: task.assigneeId,
      })
      .execute();
    if ((result.affected ?? 0) !== 1)
      throw DomainError.conflict('Task was changed by someone else; read it again');
    const audited = await this.audit.record(m, {
      actorId: actor.staffId,
      organisationId: actor.organisationId,
      action,
      subjectType: 'task',
      subjectId: task.id,
      caseId: task.caseId,
      fields: ['assigneeId'],
      requestId: meta.requestId,
    });
    // "Assigned to you": through the outbox, in this transaction; not when someone takes a task themselves.
    if (action === 'TASK_ASSIGNED' && assigneeId !== null && assigneeId !== actor.staffId) {
      await recordTaskAssignedNotification(
        m,
        {
          id: task.id,
          organisationId: task.organisationId,
          type: task.type,
          caseId: task.caseId,
          referralId: task.referralId,
          assigneeId,
          dueAt: task.dueAt,
        },
        audited.id,
      );
    }
    return view({ ...task, assigneeId });
  }
}

function view(
  task: Pick<TaskEntity, 'id' | 'type' | 'status' | 'assigneeId' | 'caseId' | 'referralId' | 'dueAt'>,
): AssignedTask {
  return {
    id: task.id,
    type: task.type,
    status: task.status,
    assigneeId: task.assigneeId,
    caseId: task.caseId,
    referralId: task.referralId,
    dueAt: task.dueAt,
  };
}
