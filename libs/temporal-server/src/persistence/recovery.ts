/**
 * Recovery: loads every stored execution into the engine and re-arms what was in flight, as a real Temporal server
 * would after a restart:
 * - clock timers get their recorded due times back (user timers, activity timeouts and retry backoff, workflow-task
 *   start-to-close, run deadline); anything that fell due while the server was down fires at once;
 * - workflow tasks and activity attempts that were scheduled but not started are queued again (task queues are derived
 *   from execution state, never stored);
 * - started workflow tasks and activity attempts stay started: their worker may still answer with its task token, and
 *   if it does not they are retried when their start-to-close (or heartbeat) timeout fires;
 * - queries are runtime-only (their callers are gone) and are dropped; updates, buffered events and children are state.
 */
import type { Pool } from 'pg';
import type { Engine } from '../engine/engine';
import { actQueueKey, wfQueueKey } from '../engine/engine';
import type { Execution } from '../engine/types';
import { decodeTimerKey, encodeTimerKey } from '../engine/timer-keys';
import type { IHistoryEvent } from '../proto/types';
import { SCHEMA } from './schema';
import { decodeEvent, restoreExecution } from './serialize';
import type { PgPersister } from './pg-persister';
import { log } from '../log';

export interface RecoveryResult {
  executions: number;
  running: number;
  events: number;
  requeuedWorkflowTasks: number;
  requeuedActivities: number;
  timers: number;
}

interface Loaded {
  execution: Execution;
  timers: Record<string, number>;
  seq: number;
}

interface ServerMeta {
  clockOffsetMs?: number;
  namespaceIds?: [string, string][];
}

/** Reads everything stored. Throws if a run's stored history is not contiguous (never silently drops events). */
async function load(pool: Pool): Promise<{ loaded: Loaded[]; meta: string | undefined; events: number }> {
  const client = await pool.connect();
  try {
    // One snapshot of the database for both reads.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const execs = await client.query<{ run_id: string; seq: string; history_length: number; state: string }>(
      `SELECT run_id, seq, history_length, state FROM ${SCHEMA}.executions ORDER BY seq`,
    );
    const evs = await client.query<{ run_id: string; event_id: number; data: Buffer }>(
      `SELECT run_id, event_id, data FROM ${SCHEMA}.history_events ORDER BY run_id, event_id`,
    );
    const metaRow = await client.query<{ value: string }>(`SELECT value FROM ${SCHEMA}.server_meta WHERE key = 'server'`);
    await client.query('COMMIT');
    const histories = new Map<string, IHistoryEvent[]>();
    for (const r of evs.rows) {
      let h = histories.get(r.run_id);
      if (!h) {
        h = [];
        histories.set(r.run_id, h);
      }
      if (r.event_id !== h.length + 1) throw new Error(`stored history of run ${r.run_id} is not contiguous at event ${r.event_id}`);
      h.push(decodeEvent(r.data));
    }
    const loaded: Loaded[] = [];
    for (const r of execs.rows) {
      const history = histories.get(r.run_id) ?? [];
      if (history.length !== r.history_length) {
        throw new Error(`stored history of run ${r.run_id} has ${history.length} events, expected ${r.history_length}`);
      }
      const { execution, timers } = restoreExecution(r.state, history);
      loaded.push({ execution, timers, seq: Number(r.seq) });
    }
    return { loaded, meta: metaRow.rows[0]?.value, events: evs.rows.length };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Loads the stored state into a fresh engine (before it serves anything) and registers the persister as its commit
 * listener. The engine must not have executions yet.
 */
export async function recover(engine: Engine, pool: Pool, persister: PgPersister): Promise<RecoveryResult> {
  const { loaded, meta, events } = await load(pool);
  if (meta) {
    const m = JSON.parse(meta) as ServerMeta;
    if (m.clockOffsetMs) engine.clock.restoreOffset(m.clockOffsetMs);
    for (const [ns, id] of m.namespaceIds ?? []) engine.namespaceIds.set(ns, id);
    persister.adoptMeta(meta);
  }
  // Insert in original order (the last run inserted for a workflow id is its current run). The store's dirty set is
  // flushed at the end of this transaction while no listener is registered: nothing is written back.
  engine.tx('recovery', () => {
    for (const l of loaded) {
      l.execution.queries.clear();
      if (l.execution.wft) l.execution.wft.queryIds = [];
      // Sticky bindings are not trusted across a restart: the next task goes to the normal queue with full history,
      // which any worker accepts (the engine may not have stickiness at all: the field is optional).
      delete (l.execution as { stickyQueue?: unknown }).stickyQueue;
      engine.store.insert(l.execution);
    }
  });
  for (const l of loaded) persister.adopt(l.execution.runId, l.seq, l.execution.history.length);
  engine.store.onCommit(persister.onCommit);

  const result: RecoveryResult = { executions: loaded.length, running: 0, events, requeuedWorkflowTasks: 0, requeuedActivities: 0, timers: 0 };
  const wfts: { e: Execution; at: number }[] = [];
  const acts: { e: Execution; scheduledEventId: number; at: number }[] = [];
  for (const { execution: e, timers } of loaded) {
    if (!engine.isRunning(e)) continue;
    result.running++;
    for (const [key, due] of Object.entries(timers)) {
      if (!decodeTimerKey(key)) continue;
      engine.clock.schedule(key, due);
      result.timers++;
    }
    if (e.wft) {
      engine.clock.holdWork(`wft|${e.runId}`);
      if (e.wft.status === 'scheduled') wfts.push({ e, at: e.wft.scheduledTimeMs });
      else rearmMissing(engine, encodeTimerKey({ kind: 'wft', runId: e.runId, scheduledEventId: e.wft.scheduledEventId, attempt: e.wft.attempt }), e.wft.startedTimeMs + e.taskTimeoutMs);
    }
    for (const a of e.activities.values()) {
      const key = (which: 's2c' | 's2s' | 'stc' | 'hb' | 'retry'): string => encodeTimerKey({ kind: 'act', runId: e.runId, scheduledEventId: a.scheduledEventId, which });
      rearmMissing(engine, key('s2c'), a.scheduledTimeMs + a.scheduleToCloseMs);
      if (a.status === 'backoff') {
        rearmMissing(engine, key('retry'), engine.now());
        continue;
      }
      engine.clock.holdWork(`act|${e.runId}|${a.scheduledEventId}`);
      if (a.status === 'scheduled') {
        rearmMissing(engine, key('s2s'), a.attemptScheduledTimeMs + a.scheduleToStartMs);
        acts.push({ e, scheduledEventId: a.scheduledEventId, at: a.attemptScheduledTimeMs });
      } else {
        rearmMissing(engine, key('stc'), a.startedTimeMs + a.startToCloseMs);
        if (a.heartbeatMs > 0) rearmMissing(engine, key('hb'), (a.lastHeartbeatMs || a.startedTimeMs) + a.heartbeatMs);
      }
    }
    if (e.runDeadlineMs > 0) rearmMissing(engine, encodeTimerKey({ kind: 'run', runId: e.runId }), e.runDeadlineMs);
    if (e.firstTaskAtMs && !e.wft) rearmMissing(engine, encodeTimerKey({ kind: 'backoff', runId: e.runId }), e.firstTaskAtMs);
  }
  // Re-queue in the order the tasks were originally scheduled.
  wfts.sort((x, y) => x.at - y.at);
  for (const { e } of wfts) {
    const w = e.wft;
    if (!w) continue;
    engine.workflowQueues.add(wfQueueKey(e.namespace, e.taskQueue), { kind: 'wft', runId: e.runId, scheduledEventId: w.scheduledEventId, attempt: w.attempt });
    result.requeuedWorkflowTasks++;
  }
  acts.sort((x, y) => x.at - y.at);
  for (const { e, scheduledEventId } of acts) {
    const a = e.activities.get(scheduledEventId);
    if (!a) continue;
    engine.activityQueues.add(actQueueKey(e.namespace, a.taskQueue), { runId: e.runId, scheduledEventId, attempt: a.attempt });
    result.requeuedActivities++;
  }
  log('info', 'recovered from database', { ...result });
  return result;
}

/** A timer the state says must exist but whose due time was not recorded (defensive): arm it from the state. */
function rearmMissing(engine: Engine, key: string, due: number): void {
  if (engine.clock.dueOf(key) === undefined) engine.clock.schedule(key, due);
}
