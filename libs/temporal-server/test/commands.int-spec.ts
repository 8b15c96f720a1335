/**
 * Conformance (issue 18): workflow-task completions with invalid commands, answered as the reference server answers
 * them (temporalio/temporal command_attr_validator.go, respondworkflowtaskcompleted). The SDK never sends such
 * commands, so the test drives the worker protocol directly (poll, respond) through the official client's
 * WorkflowService against the executable.
 *
 * - Bad attributes: the task fails with the BAD_* (or *_DUPLICATE_ID) cause, none of the completion's commands takes
 *   effect, the next attempt is scheduled, and the RPC answers INVALID_ARGUMENT naming the cause. A second bad
 *   completion (attempt 2) is rejected the same way without writing another failure.
 * - A bad sequence (unknown command type, a command after the closing one): INVALID_ARGUMENT, nothing is written and
 *   the task stays started.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import Long from 'long';
import { temporal } from '@temporalio/proto';
import { timeSkippingEnv, wid } from './helpers';

jest.setTimeout(60_000);

type Command = temporal.api.command.v1.ICommand;
type Event = temporal.api.history.v1.IHistoryEvent;
const CT = temporal.api.enums.v1.CommandType;
const EventType = temporal.api.enums.v1.EventType;
const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;

const timer = (timerId: string, seconds: number | null = 60): Command => ({
  commandType: CT.COMMAND_TYPE_START_TIMER,
  startTimerCommandAttributes: { timerId, ...(seconds === null ? {} : { startToFireTimeout: { seconds: Long.fromNumber(seconds) } }) },
});
const activity = (attrs: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes): Command => ({
  commandType: CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
  scheduleActivityTaskCommandAttributes: attrs,
});
const goodActivity = (activityId: string): temporal.api.command.v1.IScheduleActivityTaskCommandAttributes => ({
  activityId,
  activityType: { name: 'anything' },
  taskQueue: { name: '' },
  startToCloseTimeout: { seconds: Long.fromNumber(10) },
});

describe('embedded temporal server: completions with invalid commands', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** A run nobody works on, and its first workflow task, polled by hand. */
  async function firstTask(): Promise<{ workflowId: string; taskQueue: string; token: Uint8Array; poll: () => Promise<temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse> }> {
    const workflowId = wid('wf-bad-command');
    const taskQueue = `tq-raw-${randomUUID()}`;
    await env.client.workflow.start('anyWorkflow', { taskQueue, workflowId });
    const poll = () => env.client.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'raw-worker' });
    const task = await poll();
    expect(task.workflowExecution?.workflowId).toBe(workflowId);
    return { workflowId, taskQueue, token: task.taskToken, poll };
  }

  function complete(token: Uint8Array, commands: Command[]): Promise<{ code?: number; details?: string } | null> {
    return env.client.workflowService.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: token, commands, identity: 'raw-worker' }).then(
      () => null,
      (err: unknown) => err as { code?: number; details?: string },
    );
  }

  async function history(workflowId: string): Promise<Event[]> {
    const h = await env.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
    return h.history?.events ?? [];
  }

  const cases: { name: string; commands: Command[]; cause: number; causeName: string }[] = [
    { name: 'an activity without an activity type', commands: [activity({ ...goodActivity('a1'), activityType: null })], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, causeName: 'BadScheduleActivityAttributes' },
    { name: 'an activity without an activity id', commands: [activity({ ...goodActivity(''), activityId: '' })], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, causeName: 'BadScheduleActivityAttributes' },
    { name: 'an activity without a task queue', commands: [activity({ ...goodActivity('a1'), taskQueue: null })], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, causeName: 'BadScheduleActivityAttributes' },
    { name: 'an activity without a start-to-close or schedule-to-close timeout', commands: [activity({ ...goodActivity('a1'), startToCloseTimeout: null })], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, causeName: 'BadScheduleActivityAttributes' },
    { name: 'an activity with a negative heartbeat timeout', commands: [activity({ ...goodActivity('a1'), heartbeatTimeout: { seconds: Long.fromNumber(-1) } })], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, causeName: 'BadScheduleActivityAttributes' },
    { name: 'a schedule-activity command without attributes', commands: [{ commandType: CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK }], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, causeName: 'BadScheduleActivityAttributes' },
    { name: 'two activities with one activity id', commands: [activity(goodActivity('same')), activity(goodActivity('same'))], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_SCHEDULE_ACTIVITY_DUPLICATE_ID, causeName: 'ScheduleActivityDuplicateId' },
    { name: 'a timer with a negative timeout', commands: [timer('t1', -5)], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES, causeName: 'BadStartTimerAttributes' },
    { name: 'a timer without a timer id', commands: [timer('')], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES, causeName: 'BadStartTimerAttributes' },
    { name: 'two timers with one timer id', commands: [timer('same'), timer('same')], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID, causeName: 'StartTimerDuplicateId' },
    { name: 'a fail-workflow command without a failure', commands: [{ commandType: CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION, failWorkflowExecutionCommandAttributes: {} }], cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES, causeName: 'BadFailWorkflowExecutionAttributes' },
    {
      name: 'a signal to another workflow without a signal name',
      commands: [{ commandType: CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION, signalExternalWorkflowExecutionCommandAttributes: { namespace: 'default', execution: { workflowId: 'other' }, signalName: '' } }],
      cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
      causeName: 'BadSignalWorkflowExecutionAttributes',
    },
  ];

  it.each(cases)('$name: fails the task with its cause, applies none of its commands and answers INVALID_ARGUMENT', async ({ commands, cause, causeName }) => {
    const { workflowId, token, poll } = await firstTask();
    // A valid timer first: it must not be started, the completion is all or nothing.
    const rejected = await complete(token, [timer('valid-before'), ...commands]);
    expect(rejected?.code).toBe(3);
    expect(rejected?.details?.startsWith(`${causeName}: `)).toBe(true);

    const retry = await poll();
    expect(retry.attempt).toBe(2);
    const events = retry.history?.events ?? [];
    const failed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.workflowTaskFailedEventAttributes?.cause).toBe(cause);
    expect(failed[0]!.workflowTaskFailedEventAttributes?.failure?.message).toBe(rejected?.details);
    expect(failed[0]!.workflowTaskFailedEventAttributes?.failure?.serverFailureInfo).toBeTruthy();
    expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)).toBe(false);

    // The same bad completion on attempt 2 is rejected again, and no second failure is written.
    const before = (await history(workflowId)).length;
    expect((await complete(retry.taskToken, [timer('valid-before'), ...commands]))?.code).toBe(3);
    expect(await history(workflowId)).toHaveLength(before);
    await env.client.workflow.getHandle(workflowId).terminate('raw worker done');
  });

  it.each([
    { name: 'an unknown command type', commands: [{ commandType: 9999 as temporal.api.enums.v1.CommandType }] },
    { name: 'an unspecified command type', commands: [{ commandType: CT.COMMAND_TYPE_UNSPECIFIED }] },
    {
      name: 'a command after the one that completes the workflow',
      commands: [{ commandType: CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} }, timer('after-close')],
    },
  ])('$name: rejects the completion with INVALID_ARGUMENT and leaves the task started', async ({ commands }) => {
    const { workflowId, token } = await firstTask();
    const before = await history(workflowId);
    const rejected = await complete(token, [timer('valid-before'), ...commands]);
    expect(rejected?.code).toBe(3);
    expect(await history(workflowId)).toHaveLength(before.length);
    expect(before.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    // Nothing was written, so the task is still the worker's to complete.
    expect(await complete(token, [timer('valid-before')])).toBeNull();
    expect((await history(workflowId)).some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)).toBe(true);
    await env.client.workflow.getHandle(workflowId).terminate('raw worker done');
  });

  it('accepts a timer without a timeout, as the reference does (zero: it fires at once)', async () => {
    const { workflowId, token, poll } = await firstTask();
    expect(await complete(token, [timer('no-timeout', null)])).toBeNull();
    const next = await poll();
    const types = (next.history?.events ?? []).map((e) => e.eventType);
    expect(types).toContain(EventType.EVENT_TYPE_TIMER_FIRED);
    await env.client.workflow.getHandle(workflowId).terminate('raw worker done');
  });
});
