/**
 * Conformance (issue 18): run chains as the reference servers build them — workflow retry policies (each retry a new
 * run, initiator RETRY_POLICY, first workflow task held back by the backoff), cron schedules (initiator CRON_SCHEDULE,
 * runs at the scheduled times, terminate ends the chain) and signals that arrive while a run continues as new.
 * Everything goes through the official SDK's public API against the executable in time-skipping mode.
 */
import { randomUUID } from 'node:crypto';
import Long from 'long';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, TerminatedFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { startConformance, wid as newId, WORKFLOWS, type ConformanceSetup } from './helpers';
import type { ChainActivities } from './workflows/chains';

jest.setTimeout(60_000);

type History = temporal.api.history.v1.IHistory;
type Event = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;
const RetryState = temporal.api.enums.v1.RetryState;
const Initiator = temporal.api.enums.v1.ContinueAsNewInitiator;
const HOUR = 3_600_000;

const recorded: { workflowId: string; history: History }[] = [];

function ms(t: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(t?.seconds ?? 0) * 1000 + Math.round((t?.nanos ?? 0) / 1e6);
}

function nextRunId(h: History): string {
  const last: Event | undefined = h.events?.[h.events.length - 1];
  return (
    last?.workflowExecutionFailedEventAttributes?.newExecutionRunId ||
    last?.workflowExecutionCompletedEventAttributes?.newExecutionRunId ||
    last?.workflowExecutionTimedOutEventAttributes?.newExecutionRunId ||
    last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ||
    ''
  );
}

function started(h: History): temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes {
  const a = h.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!a) throw new Error('history does not begin with WORKFLOW_EXECUTION_STARTED');
  return a;
}

function firstTaskScheduledMs(h: History): number {
  const ev = h.events?.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  return ms(ev?.eventTime);
}

describe('embedded temporal server: run chains (retry policies, cron, continue-as-new)', () => {
  let s: ConformanceSetup;
  let env: TestWorkflowEnvironment;

  /** Every run of the chain that starts with `firstRunId`, oldest first (and records them for the replay test). */
  async function chain(workflowId: string, firstRunId: string): Promise<History[]> {
    const runs: History[] = [];
    for (let runId = firstRunId; runId; ) {
      const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      runs.push(history);
      recorded.push({ workflowId, history });
      runId = nextRunId(history);
    }
    return runs;
  }

  beforeAll(async () => {
    s = await startConformance();
    env = s.env;
  }, 60_000);

  afterAll(async () => {
    await s?.stop();
  });

  describe('workflow retry policy', () => {
    it('retries a failed run as a new run: attempts counted, first task held back by the backoff, last failure carried', async () => {
      const workflowId = newId('wf-retry');
      const handle = await env.client.workflow.start('failsUntilAttempt', {
        args: [3, 'Flaky'],
        taskQueue: s.taskQueue,
        workflowId,
        retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumAttempts: 5 },
      });
      const report = await handle.result();
      expect(report.attempt).toBe(3);
      expect(report.lastFailure).toBe('attempt 2 failed');

      const runs = await chain(workflowId, handle.firstExecutionRunId);
      expect(runs).toHaveLength(3);
      expect(report.continuedFrom).toBe(started(runs[1]!).originalExecutionRunId);
      runs.forEach((h, i) => {
        const a = started(h);
        expect(a.attempt).toBe(i + 1);
        expect(a.firstExecutionRunId).toBe(handle.firstExecutionRunId);
        expect(a.retryPolicy?.maximumAttempts).toBe(5);
      });
      for (const i of [0, 1]) {
        const failed = runs[i]!.events!.at(-1)!;
        expect(failed.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
        expect(failed.workflowExecutionFailedEventAttributes?.retryState).toBe(RetryState.RETRY_STATE_IN_PROGRESS);
      }
      // Backoff per policy: 1 minute after the first failure, 2 minutes after the second.
      expect(started(runs[0]!).firstWorkflowTaskBackoff ?? null).toBeNull();
      for (const [i, backoff] of [[1, 60_000], [2, 120_000]] as const) {
        const a = started(runs[i]!);
        expect(a.initiator).toBe(Initiator.CONTINUE_AS_NEW_INITIATOR_RETRY);
        expect(a.continuedFailure?.message).toBe(`attempt ${i} failed`);
        expect(ms(a.firstWorkflowTaskBackoff)).toBe(backoff);
        expect(firstTaskScheduledMs(runs[i]!) - ms(runs[i]!.events![0]!.eventTime)).toBeGreaterThanOrEqual(backoff);
      }
      expect(runs[2]!.events!.at(-1)!.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    });

    it('stops at the maximum attempts with RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED', async () => {
      const workflowId = newId('wf-retry-max');
      const handle = await env.client.workflow.start('failsUntilAttempt', {
        args: [10, 'Flaky'],
        taskQueue: s.taskQueue,
        workflowId,
        retry: { initialInterval: '1 second', maximumAttempts: 2 },
      });
      const err = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).retryState).toBe('MAXIMUM_ATTEMPTS_REACHED');
      expect(((err as WorkflowFailedError).cause as ApplicationFailure).message).toBe('attempt 2 failed');
      const runs = await chain(workflowId, handle.firstExecutionRunId);
      expect(runs.map((h) => started(h).attempt)).toEqual([1, 2]);
    });

    it('does not retry a non-retryable error type', async () => {
      const workflowId = newId('wf-retry-nonretryable');
      const handle = await env.client.workflow.start('failsUntilAttempt', {
        args: [3, 'Fatal'],
        taskQueue: s.taskQueue,
        workflowId,
        retry: { initialInterval: '1 second', nonRetryableErrorTypes: ['Fatal'] },
      });
      const err = await handle.result().catch((e: unknown) => e);
      expect((err as WorkflowFailedError).retryState).toBe('NON_RETRYABLE_FAILURE');
      expect(await chain(workflowId, handle.firstExecutionRunId)).toHaveLength(1);
    });

    it('does not retry past the workflow execution timeout (RETRY_STATE_TIMEOUT)', async () => {
      const workflowId = newId('wf-retry-expiry');
      const handle = await env.client.workflow.start('failsUntilAttempt', {
        args: [10, 'Flaky'],
        taskQueue: s.taskQueue,
        workflowId,
        workflowExecutionTimeout: '90 minutes',
        retry: { initialInterval: '1 hour', backoffCoefficient: 2 },
      });
      const err = await handle.result().catch((e: unknown) => e);
      // Attempt 2 starts 1 h after the first failure; the next backoff (2 h) would end past the 90-minute execution timeout.
      expect((err as WorkflowFailedError).retryState).toBe('TIMEOUT');
      const runs = await chain(workflowId, handle.firstExecutionRunId);
      expect(runs).toHaveLength(2);
      expect(ms(started(runs[1]!).workflowExecutionExpirationTime)).toBe(ms(started(runs[0]!).workflowExecutionExpirationTime));
    });

    it('answers INVALID_ARGUMENT for a retry policy the server rejects', async () => {
      // The SDK validates policies itself, so this goes to the service directly.
      const err = await env.client.workflowService
        .startWorkflowExecution({
          namespace: 'default',
          workflowId: newId('wf-retry-invalid'),
          workflowType: { name: 'failsUntilAttempt' },
          taskQueue: { name: s.taskQueue },
          requestId: newId('req'),
          retryPolicy: { initialInterval: { seconds: Long.fromNumber(10) }, maximumInterval: { seconds: Long.fromNumber(1) } },
        })
        .catch((e: unknown) => e as { code?: number });
      expect((err as { code?: number }).code).toBe(3);
    });
  });

  describe('cron schedule', () => {
    it('runs at each scheduled time with initiator CRON_SCHEDULE, carrying the last result and a failure; terminate ends the chain', async () => {
      const workflowId = newId('wf-cron');
      const handle = await env.client.workflow.start('cronStep', {
        args: [2],
        taskQueue: s.taskQueue,
        workflowId,
        cronSchedule: '0 * * * *',
      });
      // Time moves only while something waits: five hours of virtual time hold at least four scheduled runs.
      try {
        await env.sleep('5 hours');
      } finally {
        await env.client.workflow.getHandle(workflowId).terminate('enough');
      }
      await env.sleep('3 hours');

      const runs = await chain(workflowId, handle.firstExecutionRunId);
      expect(runs.length).toBeGreaterThanOrEqual(5);
      const last = runs.at(-1)!;
      expect(last.events!.at(-1)!.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
      // Every run's first workflow task is scheduled on the hour (the server rounds the backoff up to whole seconds).
      for (const h of runs.slice(0, -1)) {
        const at = firstTaskScheduledMs(h);
        expect(at % HOUR).toBeLessThan(1000);
        expect(ms(started(h).firstWorkflowTaskBackoff) % 1000).toBe(0);
        expect(at - ms(h.events![0]!.eventTime)).toBeGreaterThanOrEqual(ms(started(h).firstWorkflowTaskBackoff));
        expect(started(h).cronSchedule).toBe('0 * * * *');
      }
      expect(started(runs[0]!).initiator ?? 0).toBe(Initiator.CONTINUE_AS_NEW_INITIATOR_UNSPECIFIED);
      for (const h of runs.slice(1)) expect(started(h).initiator).toBe(Initiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE);
      // Run 1 completes with 1; run 2 fails (its failure goes to run 3 with run 1's result); runs 3, 4 complete with 2, 3.
      const closes = runs.slice(0, 4).map((h) => h.events!.at(-1)!);
      expect(closes.map((e) => e.eventType)).toEqual([
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
      ]);
      expect(closes[1]!.workflowExecutionFailedEventAttributes?.newExecutionRunId).toBe(started(runs[2]!).originalExecutionRunId);
      expect(started(runs[2]!).continuedFailure?.message).toBe('scheduled failure');
      const payloads = env.client.options.loadedDataConverter.payloadConverter;
      const lastResult = (h: History): unknown => {
        const p = started(h).lastCompletionResult?.payloads?.[0];
        return p ? payloads.fromPayload(p) : undefined;
      };
      expect(runs.slice(1, 4).map(lastResult)).toEqual([1, 1, 2]);
      const described = await env.client.workflow.getHandle(workflowId).describe();
      expect(described.status.name).toBe('TERMINATED');
    });

    it('handle.result() follows the runs of the chain (a terminate of the current run ends it)', async () => {
      const workflowId = newId('wf-cron-result');
      const handle = await env.client.workflow.start('cronStep', {
        args: [0],
        taskQueue: s.taskQueue,
        workflowId,
        cronSchedule: '@every 10m',
      });
      const outcome = handle.result().then(
        (v) => ({ value: v as unknown }),
        (e: unknown) => ({ error: e }),
      );
      // While result() waits, time skips from run to run; wait (by condition, not time) for a third run to exist.
      try {
        while ((await env.client.workflow.count(`WorkflowId = '${workflowId}'`)).count < 3) await new Promise((r) => setTimeout(r, 20));
      } finally {
        await env.client.workflow.getHandle(workflowId).terminate('enough');
      }
      const r = await outcome;
      expect('error' in r).toBe(true);
      const err = (r as { error: unknown }).error;
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
      const runs = await chain(workflowId, handle.firstExecutionRunId);
      expect(runs.length).toBeGreaterThanOrEqual(3);
      expect(ms(started(runs[0]!).firstWorkflowTaskBackoff)).toBe(600_000);
    });

    it('rejects an invalid cron schedule with INVALID_ARGUMENT', async () => {
      const err = await env.client.workflow
        .start('cronStep', { args: [0], taskQueue: s.taskQueue, workflowId: newId('wf-cron-invalid'), cronSchedule: '61 * * * *' })
        .catch((e: unknown) => e as { cause?: { code?: number } });
      expect((err as { cause?: { code?: number } }).cause?.code).toBe(3);
    });
  });

  describe('signals while a run continues as new', () => {
    it('observes every signal exactly once across the runs', async () => {
      const workflowId = newId('wf-can-signals');
      const total = 40;
      const handle = await env.client.workflow.start('collectAcrossRuns', { args: [[], total], taskQueue: s.taskQueue, workflowId });
      const latest = env.client.workflow.getHandle(workflowId);
      // The first signal makes the first run continue as new; once the second run exists, the rest stream in while
      // runs keep continuing as new after each batch.
      await latest.signal('item', 1);
      while ((await latest.describe()).runId === handle.firstExecutionRunId) await new Promise((r) => setTimeout(r, 20));
      for (let i = 2; i <= total; i++) await latest.signal('item', i);
      const items = await handle.result();
      expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const runs = await chain(workflowId, handle.firstExecutionRunId);
      expect(runs.length).toBeGreaterThan(1);
      const signaled = runs.flatMap((h) => h.events!.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED));
      expect(signaled).toHaveLength(total);
    });
  });

  describe('a signal that arrives while the continue-as-new workflow task runs', () => {
    it('fails that completion with UNHANDLED_COMMAND; the retried task sees the signal, so the old run hands it on', async () => {
      const workflowId = newId('wf-can-inflight');
      const taskQueue = `tq-can-${randomUUID()}`;
      const signalled = new Set<string>();
      const activities: ChainActivities = {
        async signalSelfOnce(id, value) {
          if (signalled.has(id)) return;
          signalled.add(id);
          await env.client.workflow.getHandle(id).signal('note', value);
        },
      };
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS, activities, bundlerOptions: { ignoreModules: [] } });
      const handle = await env.client.workflow.start('signalDuringContinueAsNew', { args: [0, []], taskQueue, workflowId });
      const result = await worker.runUntil(handle.result());
      expect(result).toEqual(['during-continue-as-new']);

      const runs = await chain(workflowId, handle.firstExecutionRunId);
      expect(runs).toHaveLength(2);
      const first = runs[0]!.events!;
      const failed = first.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      expect(failed.map((e) => e.workflowTaskFailedEventAttributes?.cause)).toEqual([
        temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
      ]);
      expect(first.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).toHaveLength(1);
      expect(first.at(-1)!.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      expect(runs[1]!.events!.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).toHaveLength(0);
    });

    it('answers that rejected completion with INVALID_ARGUMENT "UnhandledCommand", so the worker drops its cached run', async () => {
      // Core evicts the run only on exactly this answer. An OK answer let a worker that still held the run (a poll that
      // beat the eviction under load) answer the retried task from its stale state: it sent the continue-as-new it had
      // built before the signal again, the server accepted it and the new run started without the signal.
      const workflowId = newId('wf-can-unhandled');
      const taskQueue = `tq-raw-${randomUUID()}`;
      const service = env.client.workflowService;
      const handle = await env.client.workflow.start('signalDuringContinueAsNew', { args: [0, []], taskQueue, workflowId });
      const continueAsNew = {
        commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
        continueAsNewWorkflowExecutionCommandAttributes: { workflowType: { name: 'signalDuringContinueAsNew' }, taskQueue: { name: taskQueue } },
      };
      const poll = () => service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'raw-worker' });

      const first = await poll();
      expect(first.workflowExecution?.runId).toBe(handle.firstExecutionRunId);
      await handle.signal('note', 'while-the-task-runs');
      const rejected = await service
        .respondWorkflowTaskCompleted({ namespace: 'default', taskToken: first.taskToken, commands: [continueAsNew], identity: 'raw-worker' })
        .then(
          () => null,
          (err: unknown) => err as { code?: number; details?: string },
        );
      expect(rejected).toMatchObject({ code: 3, details: 'UnhandledCommand' });

      // The failure is recorded, the signal written after it, and the next task carries both.
      const second = await poll();
      expect(second.workflowExecution?.runId).toBe(handle.firstExecutionRunId);
      const types = (second.history?.events ?? []).map((e) => e.eventType);
      const failedAt = types.indexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      expect(failedAt).toBeGreaterThan(0);
      expect(second.history!.events![failedAt]!.workflowTaskFailedEventAttributes?.cause).toBe(
        temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
      );
      expect(types.slice(failedAt + 1)).toEqual([
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      ]);
      // With nothing new since that task started, the same command is accepted.
      await service.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: second.taskToken, commands: [continueAsNew], identity: 'raw-worker' });
      const described = await env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).describe();
      expect(described.status.name).toBe('CONTINUED_AS_NEW');
      await env.client.workflow.getHandle(workflowId).terminate('raw worker done');
    });
  });

  it('records histories that replay with the official replayer', async () => {
    expect(recorded.length).toBeGreaterThanOrEqual(10);
    const errors: string[] = [];
    for await (const r of Worker.runReplayHistories({ workflowsPath: WORKFLOWS, bundlerOptions: { ignoreModules: [] } }, recorded)) {
      if (r.error) errors.push(`${r.workflowId}: ${String(r.error)}`);
    }
    expect(errors).toEqual([]);
  });
});
