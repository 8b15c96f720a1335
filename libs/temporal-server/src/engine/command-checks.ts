/**
 * Checks on the commands of a workflow-task completion, before any of them is applied, as the reference server makes
 * them (temporalio/temporal `service/history/api/command_attr_validator.go` and
 * `respondworkflowtaskcompleted/workflow_task_completed_handler.go`):
 *
 * - the command sequence: an unknown command type, or a command after the one that closes the run, rejects the whole
 *   completion (INVALID_ARGUMENT; nothing is written, the task stays started until it times out);
 * - each command's attributes, in order, against the run's state and the commands before it: the first bad one fails
 *   the workflow task with its BAD_* (or *_DUPLICATE_ID) cause, none of the commands takes effect.
 *
 * Messages name the cause and the missing or invalid field, never a submitted value.
 */
import type { Execution } from './types';
import { durMs, enums, temporal, type IDuration } from '../proto/types';

type Command = temporal.api.command.v1.ICommand;
type RetryPolicy = temporal.api.common.v1.IRetryPolicy;

const CT = enums.CommandType;
const C = enums.WorkflowTaskFailedCause;

export type CommandProblem =
  /** The completion is rejected as a whole (no task failure). */
  | { kind: 'sequence'; message: string }
  /** The workflow task fails with `cause`. */
  | { kind: 'attributes'; cause: number; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CLOSING = new Set<number>([
  CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);
const NON_CLOSING = new Set<number>([
  CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
  CT.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
  CT.COMMAND_TYPE_START_TIMER,
  CT.COMMAND_TYPE_CANCEL_TIMER,
  CT.COMMAND_TYPE_RECORD_MARKER,
  CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
  CT.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  CT.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES,
  CT.COMMAND_TYPE_PROTOCOL_MESSAGE,
  CT.COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION,
  CT.COMMAND_TYPE_REQUEST_CANCEL_NEXUS_OPERATION,
]);

/** WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES -> "BadStartTimerAttributes" (the reference's cause name). */
export function causeName(cause: number): string {
  const name: string = C[cause] ?? 'WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED';
  return name
    .replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase());
}

export function checkCommands(e: Execution, commands: readonly Command[]): CommandProblem | null {
  let closing = false;
  for (const c of commands) {
    const t = c.commandType ?? 0;
    if (closing) return { kind: 'sequence', message: 'invalid command sequence: the command that closes the workflow must be the last command.' };
    if (CLOSING.has(t)) closing = true;
    else if (!NON_CLOSING.has(t)) return { kind: 'sequence', message: 'unknown command type.' };
  }

  const ids = new IdsSeen(e);
  for (const c of commands) {
    const problem = checkCommand(e, c, ids);
    if (problem) return { kind: 'attributes', ...problem };
  }
  return null;
}

/**
 * The ids the commands see in order: pending ones plus those the earlier commands of this completion add or remove.
 * Built on first use (most completions schedule at most one activity or timer).
 */
class IdsSeen {
  private activityIds?: Set<string>;
  private timerIds?: Set<string>;
  readonly childIds = new Set<string>();

  constructor(private readonly e: Execution) {}

  activities(): Set<string> {
    if (!this.activityIds) {
      this.activityIds = new Set<string>();
      for (const a of this.e.activities.values()) this.activityIds.add(a.activityId);
    }
    return this.activityIds;
  }

  timers(): Set<string> {
    return (this.timerIds ??= new Set(this.e.timers.keys()));
  }
}

function bad(cause: number, detail: string): { cause: number; message: string } {
  return { cause, message: `${causeName(cause)}: ${detail}` };
}

/** Negative durations, or seconds and nanos of opposite signs, are invalid; unset is zero. */
function durationProblem(d: IDuration | null | undefined): string | null {
  if (!d) return null;
  const seconds = Number(d.seconds ?? 0);
  const nanos = d.nanos ?? 0;
  if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) return 'seconds and nanos have different signs';
  if (seconds < 0 || nanos < 0) return 'negative duration';
  return null;
}

function retryPolicyProblem(p: RetryPolicy | null | undefined): string | null {
  if (!p) return null;
  if ((p.maximumAttempts ?? 0) < 0) return 'MaximumAttempts cannot be negative on retry policy.';
  if (p.backoffCoefficient && p.backoffCoefficient < 1) return 'BackoffCoefficient cannot be less than 1 on retry policy.';
  if (durationProblem(p.initialInterval)) return 'InitialInterval cannot be negative on retry policy.';
  if (durationProblem(p.maximumInterval)) return 'MaximumInterval cannot be negative on retry policy.';
  if (durMs(p.maximumInterval) > 0 && durMs(p.maximumInterval) < durMs(p.initialInterval)) return 'MaximumInterval cannot be less than InitialInterval on retry policy.';
  return null;
}

function checkCommand(e: Execution, c: Command, ids: IdsSeen): { cause: number; message: string } | null {
  switch (c.commandType) {
    case CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES;
      const a = c.scheduleActivityTaskCommandAttributes;
      if (!a) return bad(cause, 'ScheduleActivityTaskCommandAttributes is not set on ScheduleActivityTaskCommand.');
      // An empty task queue name means the workflow's own queue; no task queue at all is an error.
      if (!a.taskQueue) return bad(cause, 'TaskQueue is not set on ScheduleActivityTaskCommand.');
      if (!a.activityId) return bad(cause, 'ActivityId is not set on ScheduleActivityTaskCommand.');
      if (!a.activityType?.name) return bad(cause, 'ActivityType is not set on ScheduleActivityTaskCommand.');
      const retry = retryPolicyProblem(a.retryPolicy);
      if (retry) return bad(cause, retry);
      for (const [name, d] of [
        ['ScheduleToCloseTimeout', a.scheduleToCloseTimeout],
        ['ScheduleToStartTimeout', a.scheduleToStartTimeout],
        ['StartToCloseTimeout', a.startToCloseTimeout],
        ['HeartbeatTimeout', a.heartbeatTimeout],
      ] as const) {
        const p = durationProblem(d);
        if (p) return bad(cause, `invalid ${name} on ScheduleActivityTaskCommand: ${p}.`);
      }
      if (durMs(a.startToCloseTimeout) <= 0 && durMs(a.scheduleToCloseTimeout) <= 0) {
        return bad(cause, 'A valid StartToCloseTimeout or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.');
      }
      if (ids.activities().has(a.activityId)) return bad(C.WORKFLOW_TASK_FAILED_CAUSE_SCHEDULE_ACTIVITY_DUPLICATE_ID, 'an activity with this ActivityId is already pending.');
      ids.activities().add(a.activityId);
      return null;
    }
    case CT.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES;
      const a = c.requestCancelActivityTaskCommandAttributes;
      if (!a) return bad(cause, 'RequestCancelActivityTaskCommandAttributes is not set on RequestCancelActivityTaskCommand.');
      if (Number(a.scheduledEventId ?? 0) <= 0) return bad(cause, 'ScheduledEventId is not set on RequestCancelActivityTaskCommand.');
      // An activity cancelled before it started is gone at once, so its id may be scheduled again.
      const act = e.activities.get(Number(a.scheduledEventId));
      if (act && act.status !== 'started') ids.activities().delete(act.activityId);
      return null;
    }
    case CT.COMMAND_TYPE_START_TIMER: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES;
      const a = c.startTimerCommandAttributes;
      if (!a) return bad(cause, 'StartTimerCommandAttributes is not set on StartTimerCommand.');
      if (!a.timerId) return bad(cause, 'TimerId is not set on StartTimerCommand.');
      const p = durationProblem(a.startToFireTimeout);
      if (p) return bad(cause, `An invalid StartToFireTimeout is set on StartTimerCommand: ${p}.`);
      if (ids.timers().has(a.timerId)) return bad(C.WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID, 'a timer with this TimerId is already pending.');
      ids.timers().add(a.timerId);
      return null;
    }
    case CT.COMMAND_TYPE_CANCEL_TIMER: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES;
      const a = c.cancelTimerCommandAttributes;
      if (!a) return bad(cause, 'CancelTimerCommandAttributes is not set on CancelTimerCommand.');
      if (!a.timerId) return bad(cause, 'TimerId is not set on CancelTimerCommand.');
      ids.timers().delete(a.timerId);
      return null;
    }
    case CT.COMMAND_TYPE_RECORD_MARKER: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES;
      const a = c.recordMarkerCommandAttributes;
      if (!a) return bad(cause, 'RecordMarkerCommandAttributes is not set on RecordMarkerCommand.');
      if (!a.markerName) return bad(cause, 'MarkerName is not set on RecordMarkerCommand.');
      return null;
    }
    case CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
      if (!c.completeWorkflowExecutionCommandAttributes) {
        return bad(C.WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES, 'CompleteWorkflowExecutionCommandAttributes is not set on CompleteWorkflowExecutionCommand.');
      }
      return null;
    case CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES;
      const a = c.failWorkflowExecutionCommandAttributes;
      if (!a) return bad(cause, 'FailWorkflowExecutionCommandAttributes is not set on FailWorkflowExecutionCommand.');
      if (!a.failure) return bad(cause, 'Failure is not set on FailWorkflowExecutionCommand.');
      return null;
    }
    case CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
      if (!c.cancelWorkflowExecutionCommandAttributes) {
        return bad(C.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_WORKFLOW_EXECUTION_ATTRIBUTES, 'CancelWorkflowExecutionCommandAttributes is not set on CancelWorkflowExecutionCommand.');
      }
      return null;
    case CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
      const a = c.requestCancelExternalWorkflowExecutionCommandAttributes;
      if (!a) return bad(cause, 'RequestCancelExternalWorkflowExecutionCommandAttributes is not set on RequestCancelExternalWorkflowExecutionCommand.');
      if (!a.workflowId) return bad(cause, 'WorkflowId is not set on RequestCancelExternalWorkflowExecutionCommand.');
      if (a.runId && !UUID.test(a.runId)) return bad(cause, 'Invalid RunId set on RequestCancelExternalWorkflowExecutionCommand.');
      if (ids.childIds.has(a.workflowId)) return bad(cause, 'Start and RequestCancel for child workflow is not allowed in same workflow task.');
      return null;
    }
    case CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
      const a = c.signalExternalWorkflowExecutionCommandAttributes;
      if (!a) return bad(cause, 'SignalExternalWorkflowExecutionCommandAttributes is not set on SignalExternalWorkflowExecutionCommand.');
      if (!a.execution) return bad(cause, 'Execution is not set on SignalExternalWorkflowExecutionCommand.');
      if (!a.execution.workflowId) return bad(cause, 'WorkflowId is not set on SignalExternalWorkflowExecutionCommand.');
      if (a.execution.runId && !UUID.test(a.execution.runId)) return bad(cause, 'Invalid RunId set on SignalExternalWorkflowExecutionCommand.');
      if (!a.signalName) return bad(cause, 'SignalName is not set on SignalExternalWorkflowExecutionCommand.');
      return null;
    }
    case CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES;
      const a = c.startChildWorkflowExecutionCommandAttributes;
      if (!a) return bad(cause, 'StartChildWorkflowExecutionCommandAttributes is not set on StartChildWorkflowExecutionCommand.');
      if (!a.workflowId) return bad(cause, 'Required field WorkflowId is not set on StartChildWorkflowExecutionCommand.');
      if (!a.workflowType?.name) return bad(cause, 'Required field WorkflowType is not set on StartChildWorkflowExecutionCommand.');
      for (const [name, d] of [
        ['WorkflowExecutionTimeout', a.workflowExecutionTimeout],
        ['WorkflowRunTimeout', a.workflowRunTimeout],
        ['WorkflowTaskTimeout', a.workflowTaskTimeout],
      ] as const) {
        const p = durationProblem(d);
        if (p) return bad(cause, `Invalid ${name} on StartChildWorkflowExecutionCommand: ${p}.`);
      }
      const retry = retryPolicyProblem(a.retryPolicy);
      if (retry) return bad(cause, `invalid WorkflowRetryPolicy on StartChildWorkflowExecutionCommand: ${retry}`);
      ids.childIds.add(a.workflowId);
      return null;
    }
    case CT.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES;
      const a = c.upsertWorkflowSearchAttributesCommandAttributes;
      if (!a) return bad(cause, 'UpsertWorkflowSearchAttributesCommandAttributes is not set on UpsertWorkflowSearchAttributesCommand.');
      if (!a.searchAttributes) return bad(cause, 'SearchAttributes is not set on UpsertWorkflowSearchAttributesCommand.');
      if (Object.keys(a.searchAttributes.indexedFields ?? {}).length === 0) return bad(cause, 'IndexedFields is not set on UpsertWorkflowSearchAttributesCommand.');
      return null;
    }
    case CT.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES;
      const a = c.modifyWorkflowPropertiesCommandAttributes;
      if (!a) return bad(cause, 'ModifyWorkflowPropertiesCommandAttributes is not set on ModifyWorkflowPropertiesCommand.');
      if (!a.upsertedMemo) return bad(cause, 'UpsertedMemo is not set on ModifyWorkflowPropertiesCommand.');
      if (Object.keys(a.upsertedMemo.fields ?? {}).length === 0) return bad(cause, 'UpsertedMemo.Fields is not set on ModifyWorkflowPropertiesCommand.');
      return null;
    }
    case CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES;
      const a = c.continueAsNewWorkflowExecutionCommandAttributes;
      if (!a) return bad(cause, 'ContinueAsNewWorkflowExecutionCommandAttributes is not set on ContinueAsNewWorkflowExecutionCommand.');
      for (const [name, d] of [
        ['WorkflowRunTimeout', a.workflowRunTimeout],
        ['WorkflowTaskTimeout', a.workflowTaskTimeout],
        ['BackoffStartInterval', a.backoffStartInterval],
      ] as const) {
        const p = durationProblem(d);
        if (p) return bad(cause, `Invalid ${name} on ContinueAsNewWorkflowExecutionCommand: ${p}.`);
      }
      const retry = retryPolicyProblem(a.retryPolicy);
      if (retry) return bad(cause, `invalid WorkflowRetryPolicy on ContinueAsNewWorkflowExecutionCommand: ${retry}`);
      return null;
    }
    case CT.COMMAND_TYPE_PROTOCOL_MESSAGE: {
      const cause = C.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE;
      const a = c.protocolMessageCommandAttributes;
      if (!a) return bad(cause, 'ProtocolMessageCommandAttributes is not set on ProtocolMessageCommand.');
      if (!a.messageId) return bad(cause, 'MessageID is not set on ProtocolMessageCommand.');
      return null;
    }
    case CT.COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION:
    case CT.COMMAND_TYPE_REQUEST_CANCEL_NEXUS_OPERATION:
      return null; // Nexus is not implemented; these commands are ignored (README)
    case CT.COMMAND_TYPE_UNSPECIFIED:
    case null:
    case undefined:
      return null; // rejected by the sequence check before
  }
}
