/** Dispatches a fired clock timer to the part of the engine it belongs to. */
import type { Engine } from './engine';
import { wfQueueKey } from './engine';
import type { TimerKey } from './timer-keys';
import { timeoutWorkflowTask } from './workflow-tasks';
import { onActivityTimer } from './activities';
import { timeoutRun } from './lifecycle';
import { onStandaloneTimer } from './standalone-activities';

export function onTimer(engine: Engine, k: TimerKey): void {
  if (k.kind === 'callback') return;
  if (k.kind === 'sa') return onStandaloneTimer(engine, k.runId, k.which);
  const e = engine.store.byRunId(k.runId);
  if (!e || !engine.isRunning(e)) return;
  switch (k.kind) {
    case 'wft':
      if (e.wft && e.wft.scheduledEventId === k.scheduledEventId && e.wft.attempt === k.attempt) timeoutWorkflowTask(engine, e);
      return;
    case 'sticky':
      // The sticky worker did not pick the task up in time: hand it to the normal queue.
      if (e.wft && e.wft.status === 'scheduled' && e.wft.scheduledEventId === k.scheduledEventId && e.wft.attempt === k.attempt) {
        e.stickyQueue = undefined;
        engine.store.touch(e);
        engine.workflowQueues.add(wfQueueKey(e.namespace, e.taskQueue), { kind: 'wft', runId: e.runId, scheduledEventId: k.scheduledEventId, attempt: k.attempt });
      }
      return;
    case 'user': {
      const startedEventId = e.timers.get(k.timerId);
      if (startedEventId === undefined) return;
      e.timers.delete(k.timerId);
      engine.deliver(e, [{ type: 'TIMER_FIRED', attrs: { timerId: k.timerId, startedEventId } }]);
      return;
    }
    case 'act':
      onActivityTimer(engine, e, k.scheduledEventId, k.which);
      return;
    case 'run':
      timeoutRun(engine, e);
      return;
    case 'backoff':
      // Retry or cron backoff over: the run gets its first workflow task.
      e.firstTaskAtMs = 0;
      engine.store.touch(e);
      engine.scheduleWorkflowTask(e);
      return;
  }
}
