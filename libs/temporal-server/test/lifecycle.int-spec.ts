/**
 * Conformance: child workflows and parent-close policies, external signals, continue-as-new, cancellation,
 * termination, duplicate ids, patched(), describe and list.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowFailedError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { startConformance, type ConformanceSetup, wid } from './helpers';

const EventType = temporal.api.enums.v1.EventType;

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

jest.setTimeout(60_000);

describe('embedded temporal server: lifecycle', () => {
  let env: TestWorkflowEnvironment;
  let taskQueue: string;
  let setup: ConformanceSetup | undefined;

  beforeAll(async () => {
    setup = await startConformance();
    ({ env, taskQueue } = setup);
  }, 60_000);

  afterAll(() => setup?.stop());

  it('runs a child workflow to completion', async () => {
    const workflowId = wid('parent');
    expect(await env.client.workflow.execute('parent', { taskQueue, workflowId })).toBe('parent(child:a)');
    const child = await env.client.workflow.getHandle(`${workflowId}-child`).describe();
    expect(child.status.name).toBe('COMPLETED');
    expect(child.parentExecution?.workflowId).toBe(workflowId);
  });

  it.each([
    ['TERMINATE', 'TERMINATED'],
    ['REQUEST_CANCEL', 'COMPLETED'],
    ['ABANDON', 'RUNNING'],
  ])('applies parent-close policy %s', async (policy, expected) => {
    const workflowId = wid(`pcp-${policy}`);
    const childId = await env.client.workflow.execute('parentWithPolicy', { taskQueue, workflowId, args: [policy] });
    const child = env.client.workflow.getHandle(childId);
    const d = await waitFor(
      () => child.describe(),
      (x) => x.status.name === expected,
    );
    expect(d.status.name).toBe(expected);
    if (policy === 'REQUEST_CANCEL') expect(await child.result()).toBe('cancelled');
    if (policy === 'ABANDON') await child.terminate('cleanup');
  });

  it('cancels a child from the parent', async () => {
    expect(await env.client.workflow.execute('parentCancelsChild', { taskQueue, workflowId: wid('pcc') })).toBe('child returned cancelled');
  });

  it('signals another workflow from a workflow', async () => {
    const target = await env.client.workflow.start('accumulator', { taskQueue, workflowId: wid('target') });
    await env.client.workflow.execute('signalsOther', { taskQueue, workflowId: wid('signaller'), args: [target.workflowId] });
    expect(await waitFor(() => target.query<number>('total'), (v) => v === 7)).toBe(7);
    await target.signal('done');
    expect(await target.result()).toBe(7);
  });

  it('follows a continue-as-new chain in result()', async () => {
    const workflowId = wid('can');
    const h = await env.client.workflow.start('countdown', { taskQueue, workflowId, args: [3] });
    expect(await h.result()).toBe('done:continued');
    const latest = await env.client.workflow.getHandle(workflowId).describe();
    expect(latest.runId).not.toBe(h.firstExecutionRunId);
    const first = await env.client.workflow.getHandle(workflowId, h.firstExecutionRunId).describe();
    expect(first.status.name).toBe('CONTINUED_AS_NEW');
  });

  it('cancels a workflow (which runs cleanup and reports cancellation)', async () => {
    const h = await env.client.workflow.start('cancellable', { taskQueue, workflowId: wid('cancel') });
    await waitFor(() => h.describe(), (d) => d.historyLength >= 5);
    await h.cancel();
    const err = await h.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await h.describe()).status.name).toBe('CANCELLED');
  });

  it('terminates a workflow', async () => {
    const h = await env.client.workflow.start('waitsForCancel', { taskQueue, workflowId: wid('term') });
    await h.terminate('because');
    const err = await h.result().catch((e: unknown) => e);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
    expect((await h.describe()).status.name).toBe('TERMINATED');
  });

  it('rejects a duplicate workflow id while running', async () => {
    const workflowId = wid('dup');
    const h = await env.client.workflow.start('waitsForCancel', { taskQueue, workflowId });
    await expect(env.client.workflow.start('waitsForCancel', { taskQueue, workflowId })).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    await h.terminate();
    await expect(env.client.workflow.getHandle(wid('missing')).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('records a patch marker for patched()', async () => {
    const workflowId = wid('patch');
    expect(await env.client.workflow.execute('patchedWorkflow', { taskQueue, workflowId })).toBe('new');
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const marker = history.events?.find((e) => e.markerRecordedEventAttributes);
    expect(marker?.markerRecordedEventAttributes?.markerName).toBe('core_patch');
  });

  it('reports a failed workflow', async () => {
    const err = await env.client.workflow.execute('failing', { taskQueue, workflowId: wid('fail'), args: ['boom'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause?.message).toBe('boom');
  });

  it('times out a run after its run timeout (skipped in virtual time)', async () => {
    const err = await env.client.workflow
      .execute('waitsForCancel', { taskQueue, workflowId: wid('runtimeout'), workflowRunTimeout: '2 hours' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TimeoutFailure);
  });

  it('retries a failed workflow task and times out an unanswered one', async () => {
    const h = await env.client.workflow.start('buggy', { taskQueue, workflowId: wid('buggy'), workflowTaskTimeout: '1s' });
    const types = async (): Promise<string[]> => {
      const hist = await h.fetchHistory();
      return (hist.events ?? []).map((e) => String(EventType[e.eventType as number]));
    };
    const seen = await waitFor(types, (t) => t.includes('EVENT_TYPE_WORKFLOW_TASK_FAILED') && t.includes('EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT'), 15_000);
    expect(seen).toContain('EVENT_TYPE_WORKFLOW_TASK_FAILED'); // attempt 1: the worker reports the failure
    expect(seen).toContain('EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT'); // attempt 2: the worker stays silent, the server times it out
    expect((await h.describe()).status.name).toBe('RUNNING');
    await h.terminate();
  });

  it('describes and lists executions', async () => {
    const workflowId = wid('desc');
    const h = await env.client.workflow.start('accumulator', { taskQueue, workflowId, memo: { owner: 'tests' } });
    const d = await h.describe();
    expect(d.workflowId).toBe(workflowId);
    expect(d.type).toBe('accumulator');
    expect(d.taskQueue).toBe(taskQueue);
    expect(d.status.name).toBe('RUNNING');
    expect(d.memo).toEqual({ owner: 'tests' });
    const listed = [];
    for await (const x of env.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) listed.push(x);
    expect(listed.map((x) => x.workflowId)).toEqual([workflowId]);
    const running = [];
    for await (const x of env.client.workflow.list({ query: `WorkflowType = 'accumulator' AND ExecutionStatus = 'Running'` })) running.push(x.workflowId);
    expect(running).toContain(workflowId);
    const count = await env.client.workflow.count(`WorkflowId = '${workflowId}'`);
    expect(count.count).toBe(1);
    await h.signal('done');
    await h.result();
    const completed = [];
    for await (const x of env.client.workflow.list({ query: `WorkflowType = 'accumulator' AND ExecutionStatus = 'Completed'` })) completed.push(x.workflowId);
    expect(completed).toContain(workflowId);
  });
});
