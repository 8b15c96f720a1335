/**
 * Safety plan review reminder (issue 16): a durable timer per item. At exactly the review instant the owning
 * organisation's case manager gets a SAFETY_PLAN_REVIEW task, once; a new review date (signal) moves it; a DONE item
 * ends the workflow without a reminder. Embedded Temporal (time skipping), real worker, PostgreSQL. The API's
 * SafetyPlanService writes the rows and signals; here the test writes the same rows.
 */
jest.setTimeout(90_000);

import { randomUUID } from 'node:crypto';
import { safetyPlanReviewWorkflowId } from '@lib/contracts';
import { insertCase, ORG, tasksOf, USER, type TaskRow } from './support/fixtures';
import { eventually, startHarness, type Harness } from './support/harness';

const H = 3_600_000;
const D = 24 * H;

describe('safety plan review workflow', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const ds = () => h.db.dataSource;
  const reviews = async (caseId: string): Promise<TaskRow[]> => (await tasksOf(ds(), { caseId })).filter((t) => t.type === 'SAFETY_PLAN_REVIEW');
  const settle = () => h.env.sleep('1 second');

  async function insertItem(caseId: string, reviewAt: Date): Promise<string> {
    const id = randomUUID();
    const now = await h.now();
    await ds().query(
      `INSERT INTO safety_plan_items (id, case_id, organisation_id, responsible_organisation_id, action, due_at, review_at, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $3, 'EMERGENCY_PLAN', $4, $5, $6, $7, $7)`,
      [id, caseId, ORG.DOST_BAKU, new Date(now.getTime() + D), reviewAt, USER['dost.manager'], now],
    );
    return id;
  }

  it('reminds the case manager at exactly the review instant, once; a new review date moves the reminder', async () => {
    const now = await h.now();
    const caseId = await insertCase(ds(), { openedAt: now });
    const reviewAt = new Date(now.getTime() + 7 * D);
    const itemId = await insertItem(caseId, reviewAt);
    await h.facade.safetyPlanItemChanged(itemId);
    await h.facade.safetyPlanItemChanged(itemId); // a re-sent signal changes nothing
    await eventually(() => h.facade.safetyPlanReviewState(itemId).then(() => true, () => false));

    await h.env.sleep(7 * D - 60_000);
    await settle();
    expect(await reviews(caseId)).toEqual([]);

    await h.env.sleep(120_000);
    const [task] = await eventually(async () => {
      const ts = await reviews(caseId);
      return ts.length > 0 ? ts : null;
    });
    expect(task).toMatchObject({ organisation_id: ORG.DOST_BAKU, assignee_id: USER['dost.manager'], status: 'OPEN' });
    expect(new Date(task!.due_at!).toISOString()).toBe(reviewAt.toISOString());
    expect((await h.facade.safetyPlanReviewState(itemId)).remindedFor).toBe(reviewAt.toISOString());

    // The owner sets the next review a fortnight on: one more reminder then, none before.
    const next = new Date(reviewAt.getTime() + 14 * D);
    await ds().query(`UPDATE safety_plan_items SET review_at = $2, version = version + 1 WHERE id = $1`, [itemId, next]);
    await h.facade.safetyPlanItemChanged(itemId);
    await h.env.sleep(13 * D);
    await settle();
    expect(await reviews(caseId)).toHaveLength(1);
    await h.env.sleep(D + 60_000);
    const both = await eventually(async () => {
      const ts = await reviews(caseId);
      return ts.length === 2 ? ts : null;
    });
    expect(both.map((t) => new Date(t.due_at!).toISOString())).toEqual([reviewAt.toISOString(), next.toISOString()]);
  });

  it('a DONE item ends its reminder without a task', async () => {
    const now = await h.now();
    const caseId = await insertCase(ds(), { openedAt: now });
    const itemId = await insertItem(caseId, new Date(now.getTime() + 3 * D));
    await h.facade.safetyPlanItemChanged(itemId);
    await eventually(() => h.facade.safetyPlanReviewState(itemId).then(() => true, () => false));
    await ds().query(`UPDATE safety_plan_items SET status = 'DONE', version = version + 1 WHERE id = $1`, [itemId]);
    await h.facade.safetyPlanItemChanged(itemId);
    const result = await h.resultOf(safetyPlanReviewWorkflowId(itemId));
    expect(result).toEqual({ itemId, status: 'DONE' });
    await h.env.sleep(4 * D);
    await settle();
    expect(await reviews(caseId)).toEqual([]);
  });

  it('an item closed without a signal reaching the workflow: no reminder at its review instant, and the workflow ends there', async () => {
    const now = await h.now();
    const caseId = await insertCase(ds(), { openedAt: now });
    const itemId = await insertItem(caseId, new Date(now.getTime() + 2 * D));
    await h.facade.safetyPlanItemChanged(itemId);
    await eventually(() => h.facade.safetyPlanReviewState(itemId).then(() => true, () => false));
    // Closed in PostgreSQL, signal lost (e.g. Temporal unreachable right after the task's completion committed).
    await ds().query(`UPDATE safety_plan_items SET status = 'DONE', version = version + 1 WHERE id = $1`, [itemId]);
    await h.env.sleep(2 * D + 60_000);
    const result = await h.resultOf(safetyPlanReviewWorkflowId(itemId));
    expect(result).toEqual({ itemId, status: 'DONE' });
    expect(await reviews(caseId)).toEqual([]);
  });
});
