/**
 * Histories produced by the server replay cleanly with the official replayer, and have the shape Core relies on:
 * contiguous event ids, and nothing written between a WORKFLOW_TASK_STARTED and the event closing that task.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { makeWorker, timeSkippingEnv, wid, WORKFLOWS } from './helpers';

type History = temporal.api.history.v1.IHistory;

function checkShape(h: History): void {
  const events = h.events ?? [];
  events.forEach((e, i) => expect(Number(e.eventId)).toBe(i + 1));
  for (let i = 0; i < events.length; i++) {
    if (events[i]?.workflowTaskStartedEventAttributes) {
      const next = events[i + 1];
      if (!next) continue;
      const closesTask =
        next.workflowTaskCompletedEventAttributes ||
        next.workflowTaskFailedEventAttributes ||
        next.workflowTaskTimedOutEventAttributes ||
        next.workflowExecutionTerminatedEventAttributes ||
        next.workflowExecutionTimedOutEventAttributes;
      expect(closesTask).toBeTruthy();
    }
  }
}

jest.setTimeout(60_000);

describe('embedded temporal server: replay', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await timeSkippingEnv();
  }, 60_000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('replays histories of conformance workflows without nondeterminism', async () => {
    const { worker, taskQueue } = await makeWorker(env);
    const ids: string[] = [];
    await worker.runUntil(async () => {
      const c = env.client.workflow;
      const run = async (type: string, args: unknown[] = []): Promise<void> => {
        const workflowId = wid(type);
        ids.push(workflowId);
        await c.execute(type, { taskQueue, workflowId, args });
      };
      await run('greet', ['replay']);
      await run('retryThenSucceed', [wid('k'), 1]);
      await run('timers');
      await run('longSleep');
      await run('parent');
      await run('countdown', [2]);
      await run('patchedWorkflow');
      await run('cancelHeartbeating');
      const acc = await c.start('accumulator', { taskQueue, workflowId: wid('accumulator') });
      ids.push(acc.workflowId);
      await acc.signal('add', 1);
      await acc.executeUpdate('set', { args: [5] });
      await acc.executeUpdate('set', { args: [-5] }).catch(() => undefined);
      await acc.query('total');
      await acc.signal('done');
      await acc.result();
      const sig = await c.start('activityThenSignals', { taskQueue, workflowId: wid('activityThenSignals') });
      ids.push(sig.workflowId);
      await Promise.all(Array.from({ length: 10 }, () => sig.signal('add', 1)));
      await sig.result();
    });
    const histories = await Promise.all(ids.map(async (workflowId) => ({ workflowId, history: await env.client.workflow.getHandle(workflowId).fetchHistory() })));
    for (const { history } of histories) checkShape(history);
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowsPath: WORKFLOWS }, histories)) results.push(r);
    expect(results).toHaveLength(ids.length);
    for (const r of results) expect({ workflowId: r.workflowId, error: r.error ? String(r.error) : undefined }).toEqual({ workflowId: r.workflowId, error: undefined });
    // The single-history API too.
    const first = histories[0]!;
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS }, first.history, first.workflowId);
  });
});
