import { condition, patched, setHandler } from '@temporalio/workflow';
import {
  type SafetyPlanItemFacts,
  safetyPlanItemChangedSignal,
  safetyPlanReviewStateQuery,
  type SafetyPlanReviewWorkflowInput,
} from '@lib/contracts';
import { acts, msUntil, nowIso } from './activities-proxy';

/**
 * The review-date reminder of one safety plan item, `safety-plan-review-<itemId>` (issue 16). A durable timer: at the
 * item's review instant the owning organisation gets a SAFETY_PLAN_REVIEW task, once per review instant. A change
 * (signal from the API, which also starts the workflow) re-reads the item and re-times the reminder; it ends when the
 * item is DONE or CANCELLED. Ids in, ids out: the item is re-read from PostgreSQL, its text never enters the workflow.
 */
const RELOAD_AFTER_REMINDER = 'safety-plan-review-reloads-after-reminder';

export async function safetyPlanReviewWorkflow(input: SafetyPlanReviewWorkflowInput): Promise<{ itemId: string; status: string }> {
  const workflowId = `safety-plan-review-${input.itemId}`;
  let changed = false;
  let remindedFor: string | null = null;
  let f: SafetyPlanItemFacts | null = null;

  // Handlers first, before any await: a query that arrives with the first workflow task must find its handler.
  setHandler(safetyPlanItemChangedSignal, () => {
    changed = true;
  });
  setHandler(safetyPlanReviewStateQuery, () => ({ itemId: input.itemId, status: f?.status ?? null, remindedFor }));
  f = await acts.loadSafetyPlanItem({ itemId: input.itemId });

  while (f.status === 'OPEN') {
    const due = remindedFor !== f.reviewAt;
    const signalled = due ? await condition(() => changed, Math.max(1, msUntil(f.reviewAt))) : (await condition(() => changed), true);
    if (signalled) {
      changed = false;
      f = await acts.loadSafetyPlanItem({ itemId: input.itemId });
      continue;
    }
    await acts.remindSafetyPlanReview({ workflowId, at: nowIso(), itemId: input.itemId, reviewAt: f.reviewAt });
    remindedFor = f.reviewAt;
    // Re-read after the reminder: an item closed without a signal reaching us (e.g. its task completed by the
    // responsible organisation while Temporal was unreachable) ends the reminder here instead of waiting forever.
    if (patched(RELOAD_AFTER_REMINDER)) f = await acts.loadSafetyPlanItem({ itemId: input.itemId });
  }
  return { itemId: input.itemId, status: f.status };
}
