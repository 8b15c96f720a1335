/**
 * The clock timers that can belong to a run, derived from its state (timer-keys.ts): workflow-task start-to-close,
 * user timers, the five activity timers and the run deadline. Their due times are recorded with each snapshot and
 * re-armed on recovery, so a timer keeps its original due time across a restart (and fires at once if it fell due
 * while the server was down).
 */
import type { Execution } from '../engine/types';
import { encodeTimerKey, type ActivityTimer, type TimerKey } from '../engine/timer-keys';
import type { VirtualClock } from '../clock/virtual-clock';
import { enums } from '../proto/types';

const ACTIVITY_TIMERS: readonly ActivityTimer[] = ['s2c', 's2s', 'stc', 'hb', 'retry'];

export function possibleTimerKeys(e: Execution): TimerKey[] {
  const keys: TimerKey[] = [];
  if (e.wft) keys.push({ kind: 'wft', runId: e.runId, scheduledEventId: e.wft.scheduledEventId, attempt: e.wft.attempt });
  for (const timerId of e.timers.keys()) keys.push({ kind: 'user', runId: e.runId, timerId });
  for (const a of e.activities.values()) {
    for (const which of ACTIVITY_TIMERS) keys.push({ kind: 'act', runId: e.runId, scheduledEventId: a.scheduledEventId, which });
  }
  keys.push({ kind: 'run', runId: e.runId });
  keys.push({ kind: 'backoff', runId: e.runId });
  return keys;
}

/** key -> due (virtual ms) of every armed timer of the run. Closed runs have none. */
export function timerDues(clock: VirtualClock, e: Execution): Record<string, number> {
  const out: Record<string, number> = {};
  if (e.status !== Number(enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)) return out;
  for (const k of possibleTimerKeys(e)) {
    const key = encodeTimerKey(k);
    const due = clock.dueOf(key);
    if (due !== undefined) out[key] = due;
  }
  return out;
}
