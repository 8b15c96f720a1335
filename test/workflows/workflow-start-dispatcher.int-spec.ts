/**
 * The workflow-start outbox's dispatcher on the real database and the embedded Temporal server: replicas sweeping at
 * the same time share the pending starts (FOR UPDATE SKIP LOCKED, leases) without taking one twice, each start reaches
 * its workflow (the recipient's task appears after the consent re-check), and the rows go. Signals recorded the same
 * way reach their workflow, and a newer change of the subject during a send keeps its row for the next send.
 */
jest.setTimeout(120_000);

import { randomUUID } from 'node:crypto';
import { safetyPlanReviewWorkflowId } from '@lib/contracts';
import { enqueueWorkflowStart } from '@lib/persistence';
import { ReferralProcessClient, WorkflowStartDispatcher } from '@lib/temporal';
import { caseWithSsaReferral } from './support/fixtures';
import { eventually, type Harness, startHarness } from './support/harness';

describe('WorkflowStartDispatcher', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('two replicas sweeping at once start every pending referral exactly once between them', async () => {
    const referrals: { caseId: string; referralId: string }[] = [];
    for (let i = 0; i < 8; i++) referrals.push(await caseWithSsaReferral(h.db.dataSource, new Date()));
    for (const r of referrals) {
      await enqueueWorkflowStart(h.db.dataSource.manager, {
        kind: 'REFERRAL',
        subjectId: r.referralId,
        caseId: r.caseId,
        actorId: null,
      });
    }
    // Not due yet: the request that committed them has a grace period to start them itself.
    const a = new WorkflowStartDispatcher(h.db.dataSource, h.facade, { batchSize: 5 });
    const b = new WorkflowStartDispatcher(h.db.dataSource, h.facade, { batchSize: 5 });
    expect(await a.sweep()).toBe(0);
    await h.db.dataSource.query(`UPDATE workflow_starts SET next_attempt_at = now()`);

    const [fromA, fromB] = await Promise.all([a.sweep(), b.sweep()]);
    const [againA, againB] = await Promise.all([a.sweep(), b.sweep()]);
    expect(fromA + fromB + againA + againB).toBe(referrals.length);
    expect(fromA).toBeGreaterThan(0);
    expect(fromB).toBeGreaterThan(0);
    expect(await h.db.dataSource.query(`SELECT count(*)::int AS n FROM workflow_starts`)).toEqual([{ n: 0 }]);

    // Each referral's workflow ran its opening: one response task in the recipient's inbox.
    for (const r of referrals) {
      await eventually(async () => {
        const rows: unknown[] = await h.db.dataSource.query(
          `SELECT 1 FROM tasks WHERE referral_id = $1 AND type = 'REFERRAL_RESPONSE'`,
          [r.referralId],
        );
        return rows.length === 1;
      });
    }
  });

  it('startNow (the request path) starts the workflow and drops its row', async () => {
    const r = await caseWithSsaReferral(h.db.dataSource, new Date());
    await enqueueWorkflowStart(h.db.dataSource.manager, {
      kind: 'REFERRAL',
      subjectId: r.referralId,
      caseId: r.caseId,
      actorId: null,
    });
    const dispatcher = new WorkflowStartDispatcher(h.db.dataSource, h.facade);
    await expect(
      dispatcher.startNow({ kind: 'REFERRAL', subjectId: r.referralId, caseId: r.caseId, actorId: null }),
    ).resolves.toBe(true);
    expect(
      await h.db.dataSource.query(`SELECT 1 FROM workflow_starts WHERE subject_id = $1`, [r.referralId]),
    ).toEqual([]);
    await eventually(async () => {
      const rows: unknown[] = await h.db.dataSource.query(
        `SELECT 1 FROM tasks WHERE referral_id = $1 AND type = 'REFERRAL_RESPONSE'`,
        [r.referralId],
      );
      return rows.length === 1;
    });
  });

  /** A safety plan item's change, recorded as the API does (the item need not exist: only the delivery is tested). */
  async function itemChanged(itemId: string, caseId: string): Promise<void> {
    await enqueueWorkflowStart(h.db.dataSource.manager, { kind: 'SAFETY_PLAN_ITEM_CHANGED', subjectId: itemId, caseId, actorId: null });
  }
  const pendingRevision = async (itemId: string): Promise<number[]> =>
    (await h.db.dataSource.query(`SELECT revision FROM workflow_starts WHERE subject_id = $1`, [itemId])).map((r: { revision: number }) => r.revision);
  const reviewWorkflowExists = async (itemId: string): Promise<boolean> =>
    h.facade.client.workflow
      .getHandle(safetyPlanReviewWorkflowId(itemId))
      .describe()
      .then(() => true, () => false);

  it('a signal left by an outage reaches its workflow from the sweep; sendPending of a sent row does nothing', async () => {
    const { caseId } = await caseWithSsaReferral(h.db.dataSource, new Date());
    const itemId = randomUUID();
    await itemChanged(itemId, caseId);
    await h.db.dataSource.query(`UPDATE workflow_starts SET next_attempt_at = now() WHERE subject_id = $1`, [itemId]);
    expect(await reviewWorkflowExists(itemId)).toBe(false);
    const dispatcher = new WorkflowStartDispatcher(h.db.dataSource, h.facade);
    expect(await dispatcher.sweep()).toBe(1);
    expect(await reviewWorkflowExists(itemId)).toBe(true); // signal-with-start: the item's review workflow
    expect(await pendingRevision(itemId)).toEqual([]);
    await expect(dispatcher.sendPending('SAFETY_PLAN_ITEM_CHANGED', itemId)).resolves.toBe(true);
  });

  it('a change committed while its subject is being sent keeps the row (new revision) until it is sent too', async () => {
    const { caseId } = await caseWithSsaReferral(h.db.dataSource, new Date());
    const itemId = randomUUID();
    await itemChanged(itemId, caseId);
    await itemChanged(itemId, caseId); // a second change before any send: one row, a newer revision
    expect(await pendingRevision(itemId)).toEqual([1]);
    // The signal is in flight when another change commits (the workflow may already have re-read the item).
    let sends = 0;
    const racing = new (class extends ReferralProcessClient {
      override async safetyPlanItemChanged(id: string): Promise<void> {
        sends += 1;
        if (sends === 1) await itemChanged(itemId, caseId);
        await super.safetyPlanItemChanged(id);
      }
    })(h.facade.client, h.facade.taskQueue);
    const dispatcher = new WorkflowStartDispatcher(h.db.dataSource, racing);
    await expect(dispatcher.sendPending('SAFETY_PLAN_ITEM_CHANGED', itemId)).resolves.toBe(true);
    expect(await pendingRevision(itemId)).toEqual([2]);
    await expect(dispatcher.sendPending('SAFETY_PLAN_ITEM_CHANGED', itemId)).resolves.toBe(true);
    expect(await pendingRevision(itemId)).toEqual([]);
    expect(sends).toBe(2);
  });
});
