/** Conformance: activities, retries, timeouts, heartbeats, timers and time skipping against our executable. */
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startConformance, type ConformanceSetup, wid } from './helpers';
import { asyncStarted, attemptsOf } from './activities';

jest.setTimeout(60_000);

describe('embedded temporal server: core', () => {
  let env: TestWorkflowEnvironment;
  let taskQueue: string;
  let setup: ConformanceSetup | undefined;

  beforeAll(async () => {
    setup = await startConformance();
    ({ env, taskQueue } = setup);
  }, 60_000);

  afterAll(() => setup?.stop());

  it('runs a workflow with two activities', async () => {
    const r = await env.client.workflow.execute('greet', { args: ['ann'], taskQueue, workflowId: wid('greet') });
    expect(r).toBe('hello ann|bye ann');
  });

  it('retries a failing activity until it succeeds', async () => {
    const key = wid('flaky');
    const r = await env.client.workflow.execute('retryThenSucceed', { args: [key, 2], taskQueue, workflowId: key });
    expect(r).toBe(3);
    expect(attemptsOf(key)).toBe(3);
  });

  it('does not retry a non-retryable failure', async () => {
    const key = wid('nonretry');
    const r = await env.client.workflow.execute('nonRetryable', { args: [key], taskQueue, workflowId: key });
    expect(r).toBe('failed:nope 1:true');
    expect(attemptsOf(key)).toBe(1);
  });

  it('times out an activity that does not heartbeat', async () => {
    const r = await env.client.workflow.execute('heartbeatTimeout', { taskQueue, workflowId: wid('hb') });
    expect(r).toBe('TimeoutFailure:HEARTBEAT');
  });

  it('delivers activity cancellation through the heartbeat reply', async () => {
    const r = await env.client.workflow.execute('cancelHeartbeating', { taskQueue, workflowId: wid('cancel-act') });
    expect(r).toBe('cancelled');
  });

  it('fires and cancels timers', async () => {
    const r = await env.client.workflow.execute('timers', { taskQueue, workflowId: wid('timers') });
    expect(r).toBe('elapsed>=true');
  });

  it('advances virtual time with env.sleep and reports it through currentTimeMs', async () => {
    const before = await env.currentTimeMs();
    const h = await env.client.workflow.start('longSleep', { taskQueue, workflowId: wid('envsleep') });
    await env.sleep('31 days');
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(31 * 24 * 3600 * 1000);
    const d = await h.describe();
    expect(d.status.name).toBe('COMPLETED'); // its 30-day timer fell within the skipped time
  });

  it('completes an activity asynchronously by workflow and activity id', async () => {
    const workflowId = wid('async');
    const h = await env.client.workflow.start('asyncCompletion', { taskQueue, workflowId, args: [workflowId] });
    for (let i = 0; i < 100 && !asyncStarted.includes(workflowId); i++) await new Promise((r) => setTimeout(r, 20));
    expect(asyncStarted).toContain(workflowId);
    const d = await h.describe();
    const activityId = d.raw.pendingActivities?.[0]?.activityId ?? '';
    await env.client.activity.heartbeat({ workflowId, activityId }, 'progress');
    await env.client.activity.complete({ workflowId, activityId }, 'done-by-id');
    expect(await h.result()).toBe('done-by-id');
  });

  it('skips 30 days of sleep in virtual time (a real 30-day wait would exceed the test timeout)', async () => {
    const elapsedVirtual = await env.client.workflow.execute('longSleep', { taskQueue, workflowId: wid('sleep') });
    expect(elapsedVirtual).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
  });

  it('eager workflow start: the first workflow task comes back in the start response, to the worker on the same connection', async () => {
    const client = new Client({ connection: env.nativeConnection, namespace: env.namespace ?? 'default' });
    const eager = await client.workflow.start('greet', { args: ['eve'], taskQueue, workflowId: wid('eager'), requestEagerStart: true });
    expect(eager.eagerlyStarted).toBe(true);
    expect(await eager.result()).toBe('hello eve|bye eve');
    const plain = await client.workflow.start('greet', { args: ['pat'], taskQueue, workflowId: wid('not-eager') });
    expect(plain.eagerlyStarted).toBe(false);
    expect(await plain.result()).toBe('hello pat|bye pat');
    // The history is the ordinary one: scheduled, then started, then completed.
    const events = (await eager.fetchHistory()).events!.map((e) => e.eventType);
    expect(events.slice(0, 4)).toEqual([
      temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    ]);
  });
});
