/**
 * Debug dump of an execution as JSON: summary plus history with enum names, int64 as strings and payload *contents
 * redacted* (only their sizes and encodings are shown, since payloads may hold personal data) unless asked for.
 */
import { temporal } from '@temporalio/proto';
import type { Engine } from './engine/engine';
import { eventTypeName } from './proto/types';

export interface DumpOptions {
  runId?: string;
  namespace?: string;
  includePayloads?: boolean;
}

export function redactPayloads(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactPayloads);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('data' in o && ('metadata' in o || typeof o.data === 'string')) {
      const meta = o.metadata as Record<string, string> | undefined;
      const enc = meta?.encoding ? Buffer.from(meta.encoding, 'base64').toString('utf8') : undefined;
      return { redacted: true, bytes: typeof o.data === 'string' ? Buffer.from(o.data, 'base64').length : 0, encoding: enc };
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = redactPayloads(x);
    return out;
  }
  return v;
}

export function historyToJson(events: temporal.api.history.v1.IHistoryEvent[], includePayloads = false): unknown[] {
  return events.map((ev) => {
    const msg = temporal.api.history.v1.HistoryEvent.fromObject(ev);
    const obj = temporal.api.history.v1.HistoryEvent.toObject(msg, { enums: String, longs: String, bytes: String, defaults: false, oneofs: false });
    return includePayloads ? obj : redactPayloads(obj);
  });
}

export function dumpExecution(engine: Engine, workflowId: string, opts: DumpOptions = {}): Record<string, unknown> {
  const e = engine.store.find(opts.namespace ?? 'default', workflowId, opts.runId);
  return {
    namespace: e.namespace,
    workflowId: e.workflowId,
    runId: e.runId,
    firstRunId: e.firstRunId,
    workflowType: e.workflowType,
    taskQueue: e.taskQueue,
    status: temporal.api.enums.v1.WorkflowExecutionStatus[e.status],
    startTime: new Date(e.startTimeMs).toISOString(),
    closeTime: e.closeTimeMs ? new Date(e.closeTimeMs).toISOString() : null,
    pendingWorkflowTask: e.wft ? { ...e.wft } : null,
    pendingActivities: [...e.activities.values()].map((a) => ({ scheduledEventId: a.scheduledEventId, activityId: a.activityId, activityType: a.activityType, attempt: a.attempt, status: a.status })),
    timers: [...e.timers.entries()].map(([timerId, startedEventId]) => ({ timerId, startedEventId })),
    bufferedEvents: e.buffered.map((b) => b.type),
    history: historyToJson(e.history, opts.includePayloads).map((ev, i) => ({ type: eventTypeName(e.history[i]?.eventType), ...(ev as object) })),
  };
}
