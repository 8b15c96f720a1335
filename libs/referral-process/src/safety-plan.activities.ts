import { type ActivityContext, type SafetyPlanItemFacts, dedupeKey } from '@lib/contracts';
import { DomainError, TaskType } from '@lib/domain';
import { preparedQuery } from '@lib/persistence';
import { type EntityManager } from 'typeorm';
import { type ActivityRunner, iso } from './activity-runner';
import { createTask, readCase } from './read-model';

interface ItemRow {
  id: string;
  case_id: string;
  status: SafetyPlanItemFacts['status'];
  review_at: Date;
}

async function readItem(m: EntityManager, itemId: string, lock = false): Promise<ItemRow> {
  const rows = await preparedQuery<ItemRow>(
    m,
    `SELECT id, case_id, status, review_at FROM safety_plan_items WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [itemId],
  );
  if (!rows[0]) throw DomainError.notFound('Safety plan item');
  return rows[0];
}

/** Safety plan activities: ids in, a review task out, once per dedupe key (never the item's text). */
export class SafetyPlanActivities {
  constructor(private readonly run: ActivityRunner) {}

  async loadSafetyPlanItem({ itemId }: { itemId: string }): Promise<SafetyPlanItemFacts> {
    return this.run.read(async (m) => {
      const i = await readItem(m, itemId);
      return { itemId: i.id, caseId: i.case_id, status: i.status, reviewAt: iso(i.review_at) };
    });
  }

  async remindSafetyPlanReview(input: ActivityContext & { itemId: string; reviewAt: string }): Promise<{ taskId: string | null }> {
    const key = dedupeKey(input.workflowId, `review/${input.reviewAt}`);
    return this.run.once('remindSafetyPlanReview', key, async (m) => {
      const i = await readItem(m, input.itemId, true);
      if (i.status !== 'OPEN' || iso(i.review_at) !== input.reviewAt) return { taskId: null };
      const c = await readCase(m, i.case_id);
      if (!c) throw DomainError.notFound('Case');
      const taskId = await createTask(m, {
        organisationId: c.owning_organisation_id,
        type: TaskType.SAFETY_PLAN_REVIEW,
        caseId: c.id,
        assigneeId: c.case_manager_id,
        dueAt: new Date(input.reviewAt),
        dedupeKey: `${key}/task`,
      });
      return { taskId };
    });
  }
}
