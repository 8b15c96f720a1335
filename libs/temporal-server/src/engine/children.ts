/**
 * Child workflows (start, parent notification, parent-close policies) and external signal / cancel requests.
 */
import type { Engine } from './engine';
import type { ChildState, Execution } from './types';
import { durMs, enums, numEnum, temporal } from '../proto/types';
import { RpcError } from '../grpc/errors';
import { requestCancel, signal, startExecution, terminate } from './lifecycle';

const S = numEnum(enums.WorkflowExecutionStatus);
const PCP = numEnum(enums.ParentClosePolicy);

export function startChild(engine: Engine, e: Execution, a: temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes, completedEventId: number): void {
  const namespace = a.namespace || e.namespace;
  const workflowId = a.workflowId ?? '';
  const workflowType = a.workflowType?.name ?? '';
  const parentClosePolicy = a.parentClosePolicy || PCP.PARENT_CLOSE_POLICY_TERMINATE;
  const initiatedEventId = engine.append(e, 'START_CHILD_WORKFLOW_EXECUTION_INITIATED', {
    namespace,
    workflowId,
    workflowType: a.workflowType ?? null,
    taskQueue: a.taskQueue ?? null,
    input: a.input ?? null,
    workflowExecutionTimeout: a.workflowExecutionTimeout ?? null,
    workflowRunTimeout: a.workflowRunTimeout ?? null,
    workflowTaskTimeout: a.workflowTaskTimeout ?? null,
    parentClosePolicy,
    control: a.control ?? '',
    workflowTaskCompletedEventId: completedEventId,
    workflowIdReusePolicy: a.workflowIdReusePolicy ?? 0,
    retryPolicy: a.retryPolicy ?? null,
    cronSchedule: a.cronSchedule ?? '',
    header: a.header ?? null,
    memo: a.memo ?? null,
    searchAttributes: a.searchAttributes ?? null,
  });
  try {
    const { execution: child } = startExecution(engine, {
      namespace,
      workflowId,
      workflowType,
      taskQueue: a.taskQueue?.name || e.taskQueue,
      input: a.input ?? null,
      header: a.header ?? null,
      memo: a.memo ?? null,
      searchAttributes: a.searchAttributes ?? null,
      runTimeoutMs: durMs(a.workflowRunTimeout),
      executionTimeoutMs: durMs(a.workflowExecutionTimeout),
      taskTimeoutMs: durMs(a.workflowTaskTimeout),
      identity: '',
      requestId: '',
      parent: { namespace: e.namespace, workflowId: e.workflowId, runId: e.runId, initiatedEventId },
      reusePolicy: a.workflowIdReusePolicy ?? 0,
      retryPolicy: a.retryPolicy ?? null,
      cronSchedule: a.cronSchedule ?? '',
    });
    const c: ChildState = { initiatedEventId, namespace, workflowId, workflowType, runId: child.runId, startedEventId: 0, parentClosePolicy };
    e.children.set(initiatedEventId, c);
    engine.deliver(e, [
      {
        type: 'CHILD_WORKFLOW_EXECUTION_STARTED',
        attrs: { namespace, initiatedEventId, workflowExecution: { workflowId, runId: child.runId }, workflowType: a.workflowType ?? null, header: a.header ?? null },
        childStartedFor: initiatedEventId,
      },
    ]);
  } catch (err) {
    if (!(err instanceof RpcError)) throw err;
    engine.deliver(e, [
      {
        type: 'START_CHILD_WORKFLOW_EXECUTION_FAILED',
        attrs: {
          namespace,
          workflowId,
          workflowType: a.workflowType ?? null,
          cause: enums.StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS,
          control: a.control ?? '',
          initiatedEventId,
          workflowTaskCompletedEventId: completedEventId,
        },
      },
    ]);
  }
}

/** The child's run closed: tell the parent (children follow continue-as-new, so only the final run notifies). */
export function notifyParent(engine: Engine, child: Execution, status: number, closeAttrs: Record<string, unknown>): void {
  const p = child.parent;
  if (!p) return;
  const parent = engine.store.byRunId(p.runId);
  if (!parent || !engine.isRunning(parent)) return;
  const c = parent.children.get(p.initiatedEventId);
  if (!c) return;
  const base = {
    namespace: child.namespace,
    workflowExecution: { workflowId: child.workflowId, runId: child.runId },
    workflowType: { name: child.workflowType },
    initiatedEventId: p.initiatedEventId,
  };
  const fix = { childStartedOf: p.initiatedEventId };
  // The entry stays (marked closed) so a still-buffered started event can lend its id to the close event.
  let type: string;
  let attrs: Record<string, unknown>;
  switch (status) {
    case S.WORKFLOW_EXECUTION_STATUS_COMPLETED:
      type = 'CHILD_WORKFLOW_EXECUTION_COMPLETED';
      attrs = { ...base, result: closeAttrs.result ?? null };
      break;
    case S.WORKFLOW_EXECUTION_STATUS_FAILED:
      type = 'CHILD_WORKFLOW_EXECUTION_FAILED';
      attrs = { ...base, failure: closeAttrs.failure ?? null, retryState: closeAttrs.retryState ?? 0 };
      break;
    case S.WORKFLOW_EXECUTION_STATUS_CANCELED:
      type = 'CHILD_WORKFLOW_EXECUTION_CANCELED';
      attrs = { ...base, details: closeAttrs.details ?? null };
      break;
    case S.WORKFLOW_EXECUTION_STATUS_TERMINATED:
      type = 'CHILD_WORKFLOW_EXECUTION_TERMINATED';
      attrs = { ...base };
      break;
    default:
      type = 'CHILD_WORKFLOW_EXECUTION_TIMED_OUT';
      attrs = { ...base, retryState: enums.RetryState.RETRY_STATE_TIMEOUT };
  }
  c.runId = ''; // closed
  engine.deliver(parent, [{ type, attrs, fix }]);
}

/** Parent run closed: apply each open child's parent-close policy. */
export function applyParentClosePolicies(engine: Engine, parent: Execution): void {
  for (const c of parent.children.values()) {
    if (!c.runId) continue;
    const child = engine.store.currentRun(c.namespace, c.workflowId);
    if (!child || !engine.isRunning(child)) continue;
    if (c.parentClosePolicy === PCP.PARENT_CLOSE_POLICY_TERMINATE) {
      terminate(engine, child, 'by parent close policy', null, '');
    } else if (c.parentClosePolicy === PCP.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
      requestCancel(engine, child, 'by parent close policy', '');
    }
  }
  parent.children.clear();
}

export function signalExternal(engine: Engine, e: Execution, a: temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes, completedEventId: number): void {
  const namespace = a.namespace || e.namespace;
  const target = { workflowId: a.execution?.workflowId ?? '', runId: a.execution?.runId ?? '' };
  const initiatedEventId = engine.append(e, 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', {
    namespace,
    workflowExecution: target,
    signalName: a.signalName ?? '',
    input: a.input ?? null,
    control: a.control ?? '',
    childWorkflowOnly: a.childWorkflowOnly ?? false,
    header: a.header ?? null,
    workflowTaskCompletedEventId: completedEventId,
  });
  const t = findRunning(engine, namespace, target.workflowId, target.runId);
  if (t) {
    signal(engine, t, a.signalName ?? '', a.input ?? null, a.header ?? null, '');
    engine.deliver(e, [
      { type: 'EXTERNAL_WORKFLOW_EXECUTION_SIGNALED', attrs: { initiatedEventId, namespace, workflowExecution: { workflowId: t.workflowId, runId: t.runId }, control: a.control ?? '' } },
    ]);
  } else {
    engine.deliver(e, [
      {
        type: 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
        attrs: {
          cause: enums.SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
          workflowTaskCompletedEventId: completedEventId,
          namespace,
          workflowExecution: target,
          initiatedEventId,
          control: a.control ?? '',
        },
      },
    ]);
  }
}

export function cancelExternal(engine: Engine, e: Execution, a: temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes, completedEventId: number): void {
  const namespace = a.namespace || e.namespace;
  const target = { workflowId: a.workflowId ?? '', runId: a.runId ?? '' };
  const initiatedEventId = engine.append(e, 'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', {
    namespace,
    workflowExecution: target,
    control: a.control ?? '',
    childWorkflowOnly: a.childWorkflowOnly ?? false,
    reason: a.reason ?? '',
    workflowTaskCompletedEventId: completedEventId,
  });
  const t = findRunning(engine, namespace, target.workflowId, target.runId);
  if (t) {
    requestCancel(engine, t, a.reason ?? '', '', { initiatedEventId, execution: { workflowId: e.workflowId, runId: e.runId } });
    engine.deliver(e, [
      { type: 'EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED', attrs: { initiatedEventId, namespace, workflowExecution: { workflowId: t.workflowId, runId: t.runId } } },
    ]);
  } else {
    engine.deliver(e, [
      {
        type: 'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
        attrs: {
          cause: enums.CancelExternalWorkflowExecutionFailedCause.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
          workflowTaskCompletedEventId: completedEventId,
          namespace,
          workflowExecution: target,
          initiatedEventId,
          control: a.control ?? '',
        },
      },
    ]);
  }
}

function findRunning(engine: Engine, namespace: string, workflowId: string, runId: string): Execution | undefined {
  const t = runId ? engine.store.byRunId(runId) : engine.store.currentRun(namespace, workflowId);
  return t && t.workflowId === workflowId && engine.isRunning(t) ? t : undefined;
}
