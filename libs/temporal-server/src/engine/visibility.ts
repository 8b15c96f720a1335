/** Describe, list and count executions; memo and search-attribute merging. */
import type { Engine } from './engine';
import type { Execution } from './types';
import { dur, durMs, enums, ts, type IMemo, type IPayload, type ISearchAttributes } from '../proto/types';
import { compareBy, parseVisibilityQuery, type FieldReader, type FieldValue, type Scalar } from './visibility-query';
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
    // As the server reports it: when the run may first execute (after a retry or cron backoff).
    executionTime: ts(e.startTimeMs + durMs(e.history[0]?.workflowExecutionStartedEventAttributes?.firstWorkflowTaskBackoff)),
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

const STATUS_NAMES = new Map<number, string>(
  Object.entries(enums.WorkflowExecutionStatus)
    .filter(([, v]) => typeof v === 'number' && Number(v) !== 0)
    .map(([k, v]) => [v as number, k.replace('WORKFLOW_EXECUTION_STATUS_', '')]),
);

/** A custom search attribute's value: JSON payload data; Datetime values become epoch milliseconds. */
export function searchAttributeValue(p: IPayload | undefined): FieldValue {
  if (!p?.data || p.data.length === 0) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(p.data).toString('utf8'));
  } catch {
    return null;
  }
  const type = p.metadata?.type ? Buffer.from(p.metadata.type).toString('utf8') : '';
  const scalar = (x: unknown): Scalar | null => {
    if (type === 'Datetime' && typeof x === 'string') return Date.parse(x);
    return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? x : null;
  };
  if (Array.isArray(v)) {
    const items = v.map(scalar).filter((x): x is Scalar => x !== null);
    // Untyped (legacy) attributes come as one-element lists.
    return type === 'KeywordList' || items.length !== 1 ? items : (items[0] ?? null);
  }
  return scalar(v);
}

/** The fields a visibility query reads: built-in attributes by name, then the execution's custom ones. */
export function fieldReader(engine: Engine, e: Execution): FieldReader {
  return (field) => {
    switch (field.toLowerCase()) {
      case 'workflowid':
        return e.workflowId;
      case 'runid':
        return e.runId;
      case 'workflowtype':
        return e.workflowType;
      case 'executionstatus':
        return STATUS_NAMES.get(e.status) ?? null;
      case 'starttime':
      case 'executiontime':
        return e.startTimeMs;
      case 'closetime':
        return e.closeTimeMs || null;
      case 'executionduration':
        return e.closeTimeMs ? (e.closeTimeMs - e.startTimeMs) * 1e6 : null;
      case 'taskqueue':
        return e.taskQueue;
      case 'historylength':
        return e.history.length;
      case 'parentworkflowid':
        return e.parent?.workflowId ?? null;
      case 'parentrunid':
        return e.parent?.runId ?? null;
      case 'rootworkflowid':
        return rootOf(engine, e).workflowId;
      case 'rootrunid':
        return rootOf(engine, e).runId;
      default:
        return searchAttributeValue(e.searchAttributes?.indexedFields?.[field] ?? undefined);
    }
  };
}

export function list(engine: Engine, namespace: string, query: string): Execution[] {
  const q = parseVisibilityQuery(query);
  const order = compareBy(q.orderBy);
  return [...engine.store.all()]
    .filter((e) => e.namespace === namespace)
    .map((e) => ({ e, read: fieldReader(engine, e) }))
    .filter(({ read }) => q.matches(read))
    .sort((a, b) => order(a.read, b.read))
    .map(({ e }) => e);
}
