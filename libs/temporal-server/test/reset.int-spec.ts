/**
 * Conformance (issue 18): ResetWorkflowExecution as `client.workflowService.resetWorkflowExecution` sends it. The new
 * run's history is the old one up to the reset point plus a workflow task failed with cause RESET_WORKFLOW, signals of
 * the old run after that point are reapplied (the default reapply type), a running current run is terminated with the
 * reset's reason, the workflow id's handle follows the new run, and a retried request id answers the same run. The
 * recorded histories replay with the official replayer.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import Long from 'long';
import { TerminatedFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { status } from '@grpc/grpc-js';
import * as activities from './activities';
import { timeSkippingEnv, wid, WORKFLOWS } from './helpers';
import { addSignal, finishSignal, itemsQuery, type pendingAtReset, type resettable } from './workflows/reset';

jest.setTimeout(60_000);

const EventType = temporal.api.enums.v1.EventType;
const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;
type History = temporal.api.history.v1.IHistory;

function eventIdOf(h: History, type: temporal.api.enums.v1.EventType, nth = 1): number {
  const found = (h.events ?? []).filter((e) => e.eventType === type)[nth - 1];
  if (!found) throw new Error(`no event ${EventType[type]} #${nth}`);
  return Number(found.eventId);
}

describe('embedded temporal server: ResetWorkflowExecution', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `tq-${randomUUID()}`;
  /** (workflowId, runId) of every run the suite produced: the last test replays them. */
  const runs: { workflowId: string; runId: string }[] = [];

  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS, activities, bundlerOptions: { ignoreModules: [] } });
    running = worker.run();
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const reset = (workflowId: string, runId: string, eventId: number, requestId = randomUUID(), reason = 'reset by test'): Promise<temporal.api.workflowservice.v1.IResetWorkflowExecutionResponse> =>
    env.client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId, runId },
      reason,
      workflowTaskFinishEventId: Long.fromNumber(eventId),
      requestId,
    });

  const history = async (workflowId: string, runId: string): Promise<History> => (await env.client.workflow.getHandle(workflowId, runId).fetchHistory());

  /** Started, its activity done and signal `a` processed (the workflow answers it in a query). */
  async function startedWithSignal(): Promise<WorkflowHandleWithFirstExecutionRunId<typeof resettable>> {
    const handle = await env.client.workflow.start<typeof resettable>('resettable', { taskQueue, workflowId: wid('reset') });
    await handle.signal(addSignal, 'a');
    for (let i = 0; i < 200 && (await handle.query(itemsQuery)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    runs.push({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
    return handle;
  }

  it('resets a running workflow to its first completed workflow task: new run, old one terminated, signals reapplied', async () => {
    const handle = await startedWithSignal();
    const baseRunId = handle.firstExecutionRunId;
    const base = await history(handle.workflowId, baseRunId);
    const finishId = eventIdOf(base, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);

    const requestId = randomUUID();
    const { runId } = await reset(handle.workflowId, baseRunId, finishId, requestId, 'bad deploy');
    expect(runId).toEqual(expect.any(String));
    expect(runId).not.toBe(baseRunId);
    runs.push({ workflowId: handle.workflowId, runId: runId! });
    // A retried request answers the same run.
    expect((await reset(handle.workflowId, baseRunId, finishId, requestId, 'bad deploy')).runId).toBe(runId);

    // The old run is terminated with the reset's reason; a handle pinned to it sees that.
    const err = await handle.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
    expect((err as WorkflowFailedError).cause?.message).toBe('bad deploy');

    // The new run: old history up to the reset point, the failed task, the reapplied signal, a new task.
    const h = await history(handle.workflowId, runId!);
    const events = h.events ?? [];
    expect(events.slice(0, finishId - 1).map((e) => [Number(e.eventId), e.eventType])).toEqual(base.events!.slice(0, finishId - 1).map((e) => [Number(e.eventId), e.eventType]));
    const failed = events[finishId - 1];
    expect(failed?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect(failed?.workflowTaskFailedEventAttributes).toMatchObject({ cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW, baseRunId, newRunId: runId });
    expect(failed?.workflowTaskFailedEventAttributes?.failure?.message).toBe('bad deploy');
    expect(failed?.workflowTaskFailedEventAttributes?.failure?.resetWorkflowFailureInfo).toBeTruthy();
    const signaled = events[finishId];
    expect(signaled?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    expect(signaled?.workflowExecutionSignaledEventAttributes?.signalName).toBe('add');
    expect(events[finishId + 1]?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);

    // The workflow id's handle follows the new run, which runs the workflow again from the reset point.
    const current = env.client.workflow.getHandle<typeof resettable>(handle.workflowId);
    await current.signal(finishSignal);
    const result = await current.result();
    expect(result).toMatchObject({ first: 'one', items: ['a'] });
    expect((await current.describe()).runId).toBe(runId);
  });

  it('resets a closed workflow to a WORKFLOW_TASK_STARTED event: the closed run stays, the new one replays its signals', async () => {
    const handle = await startedWithSignal();
    await handle.signal(finishSignal);
    const first = await handle.result();
    const baseRunId = handle.firstExecutionRunId;
    const base = await history(handle.workflowId, baseRunId);
    const startedId = eventIdOf(base, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);

    const { runId } = await reset(handle.workflowId, baseRunId, startedId);
    runs.push({ workflowId: handle.workflowId, runId: runId! });
    expect((await env.client.workflow.getHandle(handle.workflowId, baseRunId).describe()).status.name).toBe('COMPLETED');

    // Both signals (add, finish) came after the reset point: reapplied, so the new run finishes by itself.
    const again = await env.client.workflow.getHandle<typeof resettable>(handle.workflowId).result();
    expect(again).toMatchObject({ first: 'one', items: ['a'] });
    // The new run's randomness is its own (SDK Core reseeds at the RESET_WORKFLOW failure).
    expect(again.random).not.toBe(first.random);

    const h = await history(handle.workflowId, runId!);
    const types = (h.events ?? []).map((e) => e.eventType);
    // Reset to the STARTED event: the scheduled task is started and failed by the reset.
    expect(types.slice(startedId - 2, startedId + 1)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    ]);
  });

  it('rebuilds what the kept events left pending: the activity runs again, the timer keeps its due time', async () => {
    const handle = await env.client.workflow.start<typeof pendingAtReset>('pendingAtReset', { taskQueue, workflowId: wid('reset-pending') });
    const baseRunId = handle.firstExecutionRunId;
    await handle.signal(addSignal, 'x');
    for (let i = 0; i < 200 && (await handle.query(itemsQuery)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    runs.push({ workflowId: handle.workflowId, runId: baseRunId });
    // Half of the timer's hour passes before the reset (virtual time), so "due at its original time" is observable.
    await env.sleep('30 minutes');
    const base = await history(handle.workflowId, baseRunId);
    // The second task (the signal's) completed while the activity and the timer were pending.
    const finishId = eventIdOf(base, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 2);
    const kept = (base.events ?? []).slice(0, finishId - 1).map((e) => e.eventType);
    expect(kept).toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    expect(kept).toContain(EventType.EVENT_TYPE_TIMER_STARTED);
    expect(kept).not.toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    const timerStarted = (base.events ?? []).find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)!;

    const { runId } = await reset(handle.workflowId, baseRunId, finishId);
    runs.push({ workflowId: handle.workflowId, runId: runId! });
    expect(await env.client.workflow.getHandle<typeof pendingAtReset>(handle.workflowId).result()).toEqual(['act', 'timer', 'x']);

    const events = (await history(handle.workflowId, runId!)).events ?? [];
    const fired = events.find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED)!;
    expect(Number(fired.timerFiredEventAttributes?.startedEventId)).toBe(Number(timerStarted.eventId));
    // Fired when the base run's timer was due (its start + 1 hour of virtual time), not an hour after the reset.
    const ms = (t: typeof fired.eventTime): number => Number(t?.seconds) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
    const late = ms(fired.eventTime) - (ms(timerStarted.eventTime) + 3600_000);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(10 * 60_000);
    const completed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    expect(completed.map((e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId))).toEqual([
      Number((base.events ?? []).find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)!.eventId),
    ]);
  });

  it('refuses reset points that are not the end of a workflow task, and unknown executions', async () => {
    const handle = await startedWithSignal();
    const base = await history(handle.workflowId, handle.firstExecutionRunId);
    const scheduled = eventIdOf(base, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    for (const eventId of [1, scheduled, (base.events ?? []).length + 5]) {
      await expect(reset(handle.workflowId, handle.firstExecutionRunId, eventId)).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    }
    await expect(reset(wid('missing'), randomUUID(), 4)).rejects.toMatchObject({ code: status.NOT_FOUND });
    // Nothing was started or terminated by the refused requests.
    expect((await handle.describe()).runId).toBe(handle.firstExecutionRunId);
    await handle.signal(finishSignal);
    await handle.result();
  });

  it('replays the histories of the reset runs with the official replayer', async () => {
    expect(runs.length).toBeGreaterThanOrEqual(7);
    const histories = await Promise.all(runs.map(async ({ workflowId, runId }) => ({ workflowId, history: await history(workflowId, runId) })));
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowsPath: WORKFLOWS }, histories)) results.push(r);
    expect(results).toHaveLength(runs.length);
    for (const r of results) expect({ workflowId: r.workflowId, error: r.error ? String(r.error) : undefined }).toEqual({ workflowId: r.workflowId, error: undefined });
  });
});
