/** Describe, list and count executions; memo and search-attribute merging. */
import type { Engine } from './engine';
import type { Execution } from './types';
import { dur, enums, ts, type IMemo, type ISearchAttributes } from '../proto/types';
import { invalidArgument } from '../grpc/errors';
import { pendingActivityInfo } from './activities';

type Info = Record<string, unknown>;

export function mergeSearchAttributes(a: ISearchAttributes | null, b: ISearchAttributes | null): ISearchAttributes | null {
  if (!b) return a;
  const fields = { ...(a?.indexedFields ?? {}) };
  for (const [k, v] of Object.entries(b.indexedFields ?? {})) {
    if (!v.data || v.data.length === 0) delete fields[k];
    else fields[k] = v;
  }
  return { indexedFields: fields };
}

export function mergeMemo(a: IMemo | null, b: IMemo | null): IMemo | null {
  if (!b) return a;
  const fields = { ...(a?.fields ?? {}) };
  for (const [k, v] of Object.entries(b.fields ?? {})) {
    if (!v.data || v.data.length === 0) delete fields[k];
    else fields[k] = v;
  }
  return { fields };
}

export function executionInfo(engine: Engine, e: Execution): Info {
  return {
    execution: { workflowId: e.workflowId, runId: e.runId },
    type: { name: e.workflowType },
    startTime: ts(e.startTimeMs),
    closeTime: e.closeTimeMs ? ts(e.closeTimeMs) : null,
    status: e.status,
    historyLength: e.history.length,
    parentNamespaceId: e.parent ? engine.namespaceId(e.parent.namespace) : '',
    parentExecution: e.parent ? { workflowId: e.parent.workflowId, runId: e.parent.runId } : null,
    executionTime: ts(e.startTimeMs),
    memo: e.memo ?? { fields: {} },
    searchAttributes: e.searchAttributes ?? { indexedFields: {} },
    taskQueue: e.taskQueue,
    stateTransitionCount: e.history.length,
    historySizeBytes: 0,
    firstRunId: e.firstRunId,
    executionDuration: e.closeTimeMs ? dur(e.closeTimeMs - e.startTimeMs) : null,
    rootExecution: rootOf(engine, e),
  };
}

function rootOf(engine: Engine, e: Execution): { workflowId: string; runId: string } {
  let cur = e;
  for (let i = 0; i < 100 && cur.parent; i++) {
    const p = engine.store.byRunId(cur.parent.runId);
    if (!p) break;
    cur = p;
  }
  return { workflowId: cur.workflowId, runId: cur.runId };
}

export function describe(engine: Engine, e: Execution): Record<string, unknown> {
  return {
    executionConfig: {
      taskQueue: { name: e.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      workflowExecutionTimeout: e.executionTimeoutMs ? dur(e.executionTimeoutMs) : null,
      workflowRunTimeout: e.runTimeoutMs ? dur(e.runTimeoutMs) : null,
      defaultWorkflowTaskTimeout: dur(e.taskTimeoutMs),
    },
    workflowExecutionInfo: executionInfo(engine, e),
    pendingActivities: [...e.activities.values()].map((a) => pendingActivityInfo(a)),
    pendingChildren: [...e.children.values()]
      .filter((c) => c.runId)
      .map((c) => ({ workflowId: c.workflowId, runId: c.runId, workflowTypeName: c.workflowType, initiatedId: c.initiatedEventId, parentClosePolicy: c.parentClosePolicy })),
    pendingWorkflowTask: e.wft
      ? {
          state: e.wft.status === 'started' ? enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED : enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
          scheduledTime: ts(e.wft.scheduledTimeMs),
          startedTime: e.wft.startedTimeMs ? ts(e.wft.startedTimeMs) : null,
          attempt: e.wft.attempt,
        }
      : null,
  };
}

const STATUS_NAMES: Record<string, number> = {
  running: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
  completed: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  failed: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
  canceled: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
  terminated: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  continuedasnew: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
  timedout: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
};

type Predicate = (e: Execution) => boolean;

/**
 * A small subset of the visibility query language: `Field = 'value'` clauses joined by AND, for WorkflowType,
 * WorkflowId and ExecutionStatus. Anything else is INVALID_ARGUMENT.
 */
export function parseQuery(query: string): Predicate {
  const q = query.trim();
  if (!q) return () => true;
  const preds: Predicate[] = [];
  for (const clause of q.split(/\s+and\s+/i)) {
    const m = /^\(?\s*(WorkflowType|WorkflowId|ExecutionStatus)\s*=\s*(?:'([^']*)'|"([^"]*)"|(\w+))\s*\)?$/i.exec(clause.trim());
    if (!m) throw invalidArgument(`unsupported visibility query: ${clause.trim()}`);
    const field = (m[1] ?? '').toLowerCase();
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (field === 'workflowtype') preds.push((e) => e.workflowType === value);
    else if (field === 'workflowid') preds.push((e) => e.workflowId === value);
    else {
      const s = STATUS_NAMES[value.toLowerCase().replace(/_/g, '')];
      if (s === undefined) throw invalidArgument(`unknown ExecutionStatus ${value}`);
      preds.push((e) => e.status === s);
    }
  }
  return (e) => preds.every((p) => p(e));
}

export function list(engine: Engine, namespace: string, query: string): Execution[] {
  const pred = parseQuery(query);
  return [...engine.store.all()].filter((e) => e.namespace === namespace && pred(e)).sort((a, b) => b.startTimeMs - a.startTimeMs);
}
