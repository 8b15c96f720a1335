import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { recordTaskNotification } from '@lib/notifications';
import { insertEntity } from '@lib/persistence';
import { TaskStatus, type TaskType } from '@lib/domain';
import { TaskEntity } from './task.entity';

export interface NewTask {
  organisationId: string;
  type: TaskType;
  caseId?: string | null;
  referralId?: string | null;
  assigneeId?: string | null;
  dueAt?: Date | null;
  /** When set, creating the same task twice is a no-op (activities, retries). */
  dedupeKey?: string | null;
}

/** Creates and closes inbox tasks inside the caller's transaction. Tasks hold ids only. */
@Injectable()
export class TaskWriter {
  /** Inserts the task, or returns the existing one with the same dedupe key. */
  async create(manager: EntityManager, task: NewTask): Promise<TaskEntity> {
    const values = {
      organisationId: task.organisationId,
      type: task.type,
      status: TaskStatus.OPEN,
      caseId: task.caseId ?? null,
      referralId: task.referralId ?? null,
      assigneeId: task.assigneeId ?? null,
      dueAt: task.dueAt ?? null,
      dedupeKey: task.dedupeKey ?? null,
    };
    const inserted = await insertEntity(manager, TaskEntity, values, { onConflictDoNothing: true });
    if (inserted) {
      await recordTaskNotification(manager, inserted); // the inbox's new task, announced on commit (outbox)
      return inserted;
    }
    // Only reachable with a dedupe key that already exists: return the task created first.
    return manager.findOneByOrFail(TaskEntity, { dedupeKey: values.dedupeKey as string });
  }

  /** Closes the OPEN tasks of these types about a referral (e.g. the response task once the recipient answered). */
  async closeForReferral(
    manager: EntityManager,
    referralId: string,
    types: readonly TaskType[],
    by: string | null,
    status: TaskStatus.DONE | TaskStatus.CANCELLED = TaskStatus.DONE,
    /** When it happened (a workflow's time); the database clock when absent. */
    at: Date | null = null,
  ): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ status, completedAt: at ?? (() => 'now()'), completedBy: by })
      .where('referral_id = :referralId AND status = :open AND type IN (:...types)', {
        referralId,
        open: TaskStatus.OPEN,
        types: [...types],
      })
      .execute();
    return result.affected ?? 0;
  }

  /** Closes the OPEN tasks of these types about a case (no referral). */
  async closeForCase(
    manager: EntityManager,
    caseId: string,
    types: readonly TaskType[],
    by: string | null,
    status: TaskStatus.DONE | TaskStatus.CANCELLED = TaskStatus.DONE,
  ): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ status, completedAt: () => 'now()', completedBy: by })
      .where('case_id = :caseId AND status = :open AND type IN (:...types)', { caseId, open: TaskStatus.OPEN, types: [...types] })
      .execute();
    return result.affected ?? 0;
  }
}
