/** Conformance: signals, signal-with-start, queries and updates. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startConformance, type ConformanceSetup, wid } from './helpers';

jest.setTimeout(60_000);

const EventType = temporal.api.enums.v1.EventType;

describe('embedded temporal server: messaging', () => {
  let env: TestWorkflowEnvironment;
  let taskQueue: string;
  let setup: ConformanceSetup | undefined;

  beforeAll(async () => {
    setup = await startConformance();
    ({ env, taskQueue } = setup);
  }, 60_000);

  afterAll(() => setup?.stop());

  it('delivers signals sent before the first workflow task and while tasks run', async () => {
    const h = await env.client.workflow.start('accumulator', { taskQueue, workflowId: wid('acc') });
    // These arrive before the worker picks up the first task (same tick as start).
    await Promise.all([h.signal('add', 1), h.signal('add', 2)]);
    for (let i = 0; i < 5; i++) await h.signal('add', 10);
    await h.signal('done');
    expect(await h.result()).toBe(53);
  });

  it('buffers signals that arrive while an activity-driven workflow is mid-task', async () => {
    const h = await env.client.workflow.start('activityThenSignals', { taskQueue, workflowId: wid('buf') });
    const sends = [];
    for (let i = 0; i < 10; i++) sends.push(h.signal('add', 1));
    await Promise.all(sends);
    expect(await h.result()).toBe(10);
  });

  it('signal-with-start starts once and then signals the running workflow', async () => {
    const workflowId = wid('sws');
    const h1 = await env.client.workflow.signalWithStart('accumulator', { taskQueue, workflowId, signal: 'add', signalArgs: [5] });
    const h2 = await env.client.workflow.signalWithStart('accumulator', { taskQueue, workflowId, signal: 'add', signalArgs: [6] });
    expect(h2.signaledRunId).toBe(h1.signaledRunId);
    await h1.signal('done');
    expect(await h1.result()).toBe(11);
  });

  it('answers queries on running and completed workflows', async () => {
    const h = await env.client.workflow.start('accumulator', { taskQueue, workflowId: wid('query') });
    await h.signal('add', 4);
    expect(await h.query('total')).toBe(4);
    await h.signal('add', 3);
    expect(await h.query('total')).toBe(7);
    await h.signal('done');
    await h.result();
    expect(await h.query('total')).toBe(7);
    await expect(h.query('nope')).rejects.toThrow();
  });

  it('handles updates: completed, rejected by the validator, and started/accepted', async () => {
    const h = await env.client.workflow.start('accumulator', { taskQueue, workflowId: wid('upd') });
    await h.signal('add', 2);
    expect(await h.executeUpdate('set', { args: [40] })).toBe(2);
    await expect(h.executeUpdate('set', { args: [-1] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const uh = await h.startUpdate('set', { args: [50], waitForStage: 'ACCEPTED' });
    expect(await uh.result()).toBe(40);
    expect(await h.query('total')).toBe(50);
    await h.signal('done');
    expect(await h.result()).toBe(50);
  });

  it('answers an update whose reply comes in the same workflow task that completes the workflow', async () => {
    for (let i = 0; i < 5; i++) {
      const h = await env.client.workflow.start('finishesOnUpdate', { taskQueue, workflowId: wid('finish') });
      expect(await h.executeUpdate('finish', { args: [`t${i}`] })).toBe(`finished:t${i}`);
      expect(await h.result()).toBe(`finished:t${i}`);
      const { events } = await h.fetchHistory();
      const types = (events ?? []).map((ev) => ev.eventType);
      const completed = types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
      expect(completed).toBeGreaterThan(-1);
      expect(completed).toBeLessThan(types.indexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED));
    }
  });
});
