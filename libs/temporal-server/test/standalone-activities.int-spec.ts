/**
 * Conformance (issue 18): standalone activities — activities the client starts without a workflow
 * (`client.activity.start / execute / getHandle`, the StartActivityExecution family of the 1.24 client), executed by
 * the worker's ordinary activity poller and answered through the usual RespondActivityTask* RPCs.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ActivityExecutionAlreadyStartedError, ActivityExecutionFailedError, ActivityNotFoundError, Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure, TimeoutType, defineSearchAttributeKey, TypedSearchAttributes, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import * as activities from './activities';
import { timeSkippingEnv, WORKFLOWS } from './helpers';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const RetryState = temporal.api.enums.v1.RetryState;

function aid(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

async function failureOf(p: Promise<unknown>): Promise<ActivityExecutionFailedError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActivityExecutionFailedError);
  return err as ActivityExecutionFailedError;
}

describe('embedded temporal server: standalone activities', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  /** Headers each activity execution received (by activity id), as the worker's inbound interceptor sees them. */
  const headersSeen = new Map<string, Record<string, Payload>>();
  const taskQueue = `tq-${randomUUID()}`;
  /** Nobody polls this queue: activities started on it stay scheduled. */
  const idleQueue = `idle-${randomUUID()}`;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS,
      activities: {
        ...activities,
        whoAmI: () => {
          const info = Context.current().info;
          return Promise.resolve({ inWorkflow: info.inWorkflow, activityId: info.activityId, activityRunId: info.activityRunId, attempt: info.attempt, workflowId: info.workflowExecution?.workflowId ?? null });
        },
        skipAhead: (duration: string) => env.sleep(duration as Parameters<TestWorkflowEnvironment['sleep']>[0]),
        nowMs: () => Promise.resolve(Date.now()),
        heartbeatOnce: async (detail: string) => {
          Context.current().heartbeat(detail);
          await Context.current().sleep(300);
          return 'beat';
        },
      },
      bundlerOptions: { ignoreModules: [] },
      interceptors: {
        activity: [
          (ctx) => ({
            inbound: {
              execute: (input, next) => {
                headersSeen.set(ctx.info.activityId, input.headers);
                return next(input);
              },
            },
          }),
        ],
      },
    });
    running = worker.run();
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('runs an activity started by the client on the worker and returns its result (execute, start + result, describe)', async () => {
    expect(await env.client.activity.execute('echo', { id: aid('echo'), taskQueue, startToCloseTimeout: '10s', args: ['hello'] })).toBe('hello');

    const id = aid('who');
    const handle = await env.client.activity.start('whoAmI', { id, taskQueue, scheduleToCloseTimeout: '1 minute' });
    expect(handle.runId).toEqual(expect.any(String));
    expect(await handle.result()).toEqual({ inWorkflow: false, activityId: id, activityRunId: handle.runId, attempt: 1, workflowId: null });

    const d = await handle.describe({ includeInput: true, includeOutcome: true });
    expect(d).toMatchObject({ activityId: id, activityRunId: handle.runId, activityType: 'whoAmI', status: 'COMPLETED', taskQueue, attempt: 1 });
    expect(d.scheduleToCloseTimeoutMs).toBe(60_000);
    expect(d.closeTime).toBeInstanceOf(Date);
    expect(d.hasResult).toBe(true);
    expect(await d.getResult()).toMatchObject({ activityId: id });
    // A handle without a run id follows the latest run of the id.
    expect((await env.client.activity.getHandle(id).describe()).activityRunId).toBe(handle.runId);
  });

  it('retries failed attempts with backoff and reports the attempt', async () => {
    const key = randomUUID();
    const handle = await env.client.activity.start('flaky', {
      id: aid('flaky'),
      taskQueue,
      startToCloseTimeout: '10s',
      retry: { initialInterval: '1 hour', backoffCoefficient: 2, maximumAttempts: 5 },
      args: [key, 2],
    });
    // Backoff does not hold the time-skipping lock: env.sleep lets the hours of backoff pass at once.
    await env.sleep('4 hours');
    expect(await handle.result()).toBe(3);
    const d = await handle.describe();
    expect(d).toMatchObject({ status: 'COMPLETED', attempt: 3 });
    expect(d.lastStartedTime!.getTime() - d.scheduleTime!.getTime()).toBeGreaterThanOrEqual(3 * 3600_000);
  });

  it('fails with the last failure once retries stop (non-retryable error, maximum attempts)', async () => {
    const fatal = await failureOf(env.client.activity.execute('failNonRetryable', { id: aid('fatal'), taskQueue, startToCloseTimeout: '10s', args: [randomUUID()] }));
    expect(fatal.cause).toBeInstanceOf(ApplicationFailure);
    expect((fatal.cause as ApplicationFailure).type).toBe('Fatal');

    const id = aid('max');
    const key = randomUUID();
    const max = await failureOf(
      env.client.activity.execute('flaky', { id, taskQueue, startToCloseTimeout: '10s', retry: { initialInterval: '1s', maximumAttempts: 2 }, args: [key, 5] }),
    );
    expect(max.cause?.message).toBe('attempt 2 failed');
    expect(activities.attemptsOf(key)).toBe(2);
    const polled = await env.client.workflowService.pollActivityExecution({ namespace: 'default', activityId: id });
    expect(polled.outcome?.retryState).toBe(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
    expect((await env.client.activity.getHandle(id).describe()).status).toBe('FAILED');
  });

  it('applies the id conflict and reuse policies', async () => {
    const id = aid('ids');
    const first = await env.client.activity.start('echo', { id, taskQueue: idleQueue, startToCloseTimeout: '10s', args: ['a'] });
    await expect(env.client.activity.start('echo', { id, taskQueue: idleQueue, startToCloseTimeout: '10s', args: ['b'] })).rejects.toMatchObject({
      constructor: ActivityExecutionAlreadyStartedError,
      activityId: id,
      runId: first.runId,
    });
    const existing = await env.client.activity.start('echo', { id, taskQueue: idleQueue, startToCloseTimeout: '10s', idConflictPolicy: 'USE_EXISTING', args: ['c'] });
    expect(existing.runId).toBe(first.runId);

    await first.terminate('done with it');
    await expect(env.client.activity.start('echo', { id, taskQueue, startToCloseTimeout: '10s', idReusePolicy: 'REJECT_DUPLICATE', args: ['d'] })).rejects.toBeInstanceOf(
      ActivityExecutionAlreadyStartedError,
    );
    // ALLOW_DUPLICATE_FAILED_ONLY: a terminated run counts as failed.
    const second = await env.client.activity.start('echo', { id, taskQueue, startToCloseTimeout: '10s', idReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY', args: ['e'] });
    expect(second.runId).not.toBe(first.runId);
    expect(await second.result()).toBe('e');
    await expect(env.client.activity.start('echo', { id, taskQueue, startToCloseTimeout: '10s', idReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY', args: ['f'] })).rejects.toBeInstanceOf(
      ActivityExecutionAlreadyStartedError,
    );
    const third = await env.client.activity.start('echo', { id, taskQueue, startToCloseTimeout: '10s', args: ['g'] });
    expect(await env.client.activity.getHandle(id).result()).toBe('g');
    // Earlier runs stay addressable by run id.
    expect((await env.client.activity.getHandle(id, first.runId).describe()).status).toBe('TERMINATED');
    expect(third.runId).not.toBe(second.runId);
    await expect(env.client.activity.getHandle(aid('missing')).describe()).rejects.toBeInstanceOf(ActivityNotFoundError);
  });

  it('times out: schedule-to-start, start-to-close (retried), schedule-to-close', async () => {
    const s2s = await failureOf(env.client.activity.execute('echo', { id: aid('s2s'), taskQueue: idleQueue, scheduleToStartTimeout: '300ms', startToCloseTimeout: '10s', args: ['x'] }));
    expect(s2s.cause).toBeInstanceOf(TimeoutFailure);
    expect((s2s.cause as TimeoutFailure).timeoutType).toBe(TimeoutType.SCHEDULE_TO_START);

    const stcId = aid('stc');
    const stc = await failureOf(
      env.client.activity.execute('silentSleeper', { id: stcId, taskQueue, startToCloseTimeout: '300ms', retry: { initialInterval: '10ms', maximumAttempts: 2 }, args: [1500] }),
    );
    expect(stc.cause).toBeInstanceOf(TimeoutFailure);
    expect((stc.cause as TimeoutFailure).timeoutType).toBe(TimeoutType.START_TO_CLOSE);
    expect((await env.client.activity.getHandle(stcId).describe()).attempt).toBe(2);

    const s2c = await failureOf(env.client.activity.execute('silentSleeper', { id: aid('s2c'), taskQueue, scheduleToCloseTimeout: '400ms', args: [1500] }));
    expect(s2c.cause).toBeInstanceOf(TimeoutFailure);
    expect((s2c.cause as TimeoutFailure).timeoutType).toBe(TimeoutType.SCHEDULE_TO_CLOSE);
  });

  it('holds time still while a standalone attempt runs: env.sleep in the test skips only around it', async () => {
    const before = await env.currentTimeMs();
    // The running attempt holds a time-skipping lock: the test's 3-day sleep cannot skip while the activity runs; the
    // activity's own 2-day env.sleep releases that lock and skips, then the rest of the test's sleep skips once the
    // activity is done. Without the attempt's lock the test's sleep would skip first and the total would be 5 days.
    const handle = await env.client.activity.start('skipAhead', { id: aid('skip'), taskQueue, startToCloseTimeout: '7 days', args: ['2 days'] });
    await env.sleep('3 days');
    await handle.result();
    const elapsed = (await env.currentTimeMs()) - before;
    expect(elapsed).toBeGreaterThanOrEqual(3 * DAY);
    expect(elapsed).toBeLessThan(4 * DAY);
  });

  it('cancels: a scheduled activity at once, a running one through its heartbeat', async () => {
    const idle = await env.client.activity.start('echo', { id: aid('cancel-idle'), taskQueue: idleQueue, startToCloseTimeout: '10s', args: ['x'] });
    await idle.cancel('not needed');
    const idleErr = await failureOf(idle.result());
    expect(idleErr.cause).toBeInstanceOf(CancelledFailure);
    expect(await idle.describe()).toMatchObject({ status: 'CANCELED', canceledReason: 'not needed' });

    const busy = await env.client.activity.start('heartbeater', { id: aid('cancel-busy'), taskQueue, startToCloseTimeout: '30s', heartbeatTimeout: '5s', args: [20_000] });
    // Wait until it runs (its first heartbeat) before cancelling.
    for (let i = 0; i < 100 && (await busy.describe()).runState !== 'STARTED'; i++) await new Promise((r) => setTimeout(r, 50));
    await busy.cancel('stop');
    expect((await busy.describe()).runState).toBe('CANCEL_REQUESTED');
    const busyErr = await failureOf(busy.result());
    expect(busyErr.cause).toBeInstanceOf(CancelledFailure);
    expect((await busy.describe()).status).toBe('CANCELED');
  });

  it('terminates', async () => {
    const handle = await env.client.activity.start('echo', { id: aid('term'), taskQueue: idleQueue, startToCloseTimeout: '10s', args: ['x'] });
    await handle.terminate('enough');
    const err = await failureOf(handle.result());
    expect(err.cause).toBeInstanceOf(TerminatedFailure);
    expect(err.cause?.message).toBe('enough');
    expect((await handle.describe()).status).toBe('TERMINATED');
    await expect(handle.terminate('again')).rejects.toThrow();
  });

  it('answers a DescribeActivityExecution long poll (its token) at the next change', async () => {
    const id = aid('watch');
    const handle = await env.client.activity.start('echo', { id, taskQueue: idleQueue, startToCloseTimeout: '10s', args: ['x'] });
    const svc = env.client.workflowService;
    const first = await svc.describeActivityExecution({ namespace: 'default', activityId: id, runId: handle.runId });
    expect(first.longPollToken?.length).toBeGreaterThan(0);
    const watching = svc.describeActivityExecution({ namespace: 'default', activityId: id, runId: handle.runId, longPollToken: first.longPollToken });
    await handle.terminate('watched');
    const changed = await watching;
    expect(changed.info?.status).toBe(temporal.api.enums.v1.ActivityExecutionStatus.ACTIVITY_EXECUTION_STATUS_TERMINATED);
    await expect(svc.describeActivityExecution({ namespace: 'default', activityId: id, runId: handle.runId, longPollToken: Buffer.from('nonsense') })).rejects.toMatchObject({ code: 3 });
  });

  it('completes asynchronously by id and records heartbeats', async () => {
    const id = aid('async');
    const handle = await env.client.activity.start('completesAsync', { id, taskQueue, startToCloseTimeout: '30s', args: [id] });
    for (let i = 0; i < 100 && !activities.asyncStarted.includes(id); i++) await new Promise((r) => setTimeout(r, 50));
    await env.client.activity.heartbeat({ activityId: id }, 'halfway');
    expect(await (await handle.describe({ includeHeartbeatDetails: true })).getHeartbeatDetails()).toBe('halfway');
    await env.client.activity.complete({ activityId: id, runId: handle.runId }, 'done later');
    expect(await handle.result()).toBe('done later');

    const beat = await env.client.activity.start('heartbeatOnce', { id: aid('beat'), taskQueue, startToCloseTimeout: '10s', args: ['detail-1'] });
    expect(await beat.result()).toBe('beat');
    const d = await beat.describe({ includeHeartbeatDetails: true });
    expect(await d.getHeartbeatDetails()).toBe('detail-1');
    expect(d.lastHeartbeatTime).toBeInstanceOf(Date);
  });

  it('passes the headers a client interceptor adds through to the worker, and keeps the input', async () => {
    const traced = new Client({
      connection: env.connection,
      interceptors: {
        activity: [
          {
            start: (input, next) => next({ ...input, headers: { ...input.headers, trace: defaultPayloadConverter.toPayload('trace-1') } }),
          },
        ],
      },
    });
    const id = aid('headers');
    const handle = await traced.activity.start('echo', { id, taskQueue, startToCloseTimeout: '10s', args: ['payload-1'] });
    expect(await handle.result()).toBe('payload-1');
    expect(defaultPayloadConverter.fromPayload(headersSeen.get(id)!.trace!)).toBe('trace-1');
    expect(await (await handle.describe({ includeInput: true })).getInput()).toEqual(['payload-1']);
  });

  it('lists and counts with the filters the client sends (built-in and custom search attributes)', async () => {
    const tag = defineSearchAttributeKey('CustomKeywordField', 'KEYWORD');
    const marker = randomUUID();
    const ids = [aid('list'), aid('list')];
    for (const id of ids) {
      await env.client.activity.execute('echo', { id, taskQueue, startToCloseTimeout: '10s', args: ['x'], typedSearchAttributes: new TypedSearchAttributes([{ key: tag, value: marker }]) });
    }
    const running = await env.client.activity.start('echo', { id: aid('list-running'), taskQueue: idleQueue, startToCloseTimeout: '10s', args: ['x'], typedSearchAttributes: new TypedSearchAttributes([{ key: tag, value: marker }]) });

    const listed = [];
    for await (const a of env.client.activity.list(`CustomKeywordField = '${marker}' AND ExecutionStatus = 'Completed'`)) listed.push(a);
    expect(listed.map((a) => a.activityId).sort()).toEqual([...ids].sort());
    expect(listed[0]).toMatchObject({ activityType: 'echo', status: 'COMPLETED', taskQueue });
    expect(listed[0]?.typedSearchAttributes.get(tag)).toBe(marker);

    expect((await env.client.activity.count(`CustomKeywordField = '${marker}'`)).count).toBe(3);
    expect((await env.client.activity.count(`CustomKeywordField = '${marker}' AND ExecutionStatus = 'Running'`)).count).toBe(1);
    expect((await env.client.activity.count(`ActivityId = '${ids[0]}' AND ActivityType = 'echo'`)).count).toBe(1);
    await running.terminate('cleanup');
  });
});
