/**
 * Durable dev-server mode: the server runs as a separate process with a PostgreSQL database, is SIGKILLed while
 * workflows wait on a signal, a timer and an activity attempt, and is restarted on the same port. The same worker
 * (official @temporalio/worker) keeps running across the outage. After the restart: the signal is delivered, the timer
 * that fell due during the outage fires, the lost activity attempt is retried after its start-to-close timeout, a run
 * completed before the crash is still there, and every history replays with Worker.runReplayHistory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import * as activities from './durability/activities';
import { freePort } from '../../../test/support/processes';
import { installQuietRuntime } from './quiet-runtime';

const EXE = path.resolve(__dirname, '..', 'bin', 'temporal-server');
const MAIN_JS = path.resolve(__dirname, '..', '..', '..', 'dist', 'libs', 'temporal-server', 'src', 'main.js');
const WORKFLOWS = require.resolve('./durability/workflows');
const EventType = temporal.api.enums.v1.EventType;
const TIMER_MS = 8000;


const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface ServerProcess {
  child: ChildProcess;
  stderr: string[];
  exited: Promise<number | null>;
}

function spawnServer(port: number, dbUrl: string): ServerProcess {
  const child = spawn(EXE, ['server', 'start-dev', '--port', String(port), '--ip', '127.0.0.1', '--namespace', 'default', '--headless', '--db-url', dbUrl], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TEMPORAL_SERVER_LOG_LEVEL: 'info' },
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => stderr.push(d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stderr, exited };
}

async function waitUntilServing(address: string, proc: ServerProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`server exited during start:\n${proc.stderr.join('')}`);
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      await c.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`server not serving at ${address}: ${String(err)}\n${proc.stderr.join('')}`);
      await sleep(100);
    }
  }
}

async function killHard(proc: ServerProcess): Promise<void> {
  proc.child.kill('SIGKILL');
  await proc.exited;
}

/** Polls describe() until `pred` holds (or fails the test after timeoutMs). */
async function until(what: string, pred: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await sleep(100);
  }
}

async function eventTypes(h: WorkflowHandle): Promise<number[]> {
  const hist = await h.fetchHistory();
  return (hist.events ?? []).map((e) => Number(e.eventType));
}

function eventTimeMs(t: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
}


describe('embedded temporal server: durability across a SIGKILL', () => {
  let db: TestDatabase;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` before this test`);
    db = await createTestDatabase();
  });

  afterAll(async () => {
    if (server && server.child.exitCode === null) await killHard(server);
    await db?.drop();
  });

  it('recovers signals, timers, activities and closed runs; the worker survives the restart', async () => {
    installQuietRuntime();
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    server = spawnServer(port, db.url);
    await waitUntilServing(address, server);

    const taskQueue = `durable-${randomUUID()}`;
    const workerConnection = await NativeConnection.connect({ address });
    const worker = await Worker.create({ connection: workerConnection, taskQueue, workflowsPath: WORKFLOWS, activities, shutdownGraceTime: '1s' });
    const running = worker.run();
    let connection = await Connection.connect({ address });
    try {
      let client = new Client({ connection });
      const id = (p: string): string => `${p}-${randomUUID()}`;
      const ids = { signal: id('dur-signal'), timer: id('dur-timer'), activity: id('dur-activity'), quick: id('dur-quick') };

      expect(await client.workflow.execute('quick', { taskQueue, workflowId: ids.quick, args: ['before'] })).toBe('quick:before');
      await client.workflow.start('waitForSignal', { taskQueue, workflowId: ids.signal });
      await client.workflow.start('waitForTimer', { taskQueue, workflowId: ids.timer, args: [TIMER_MS] });
      await client.workflow.start('waitForActivity', { taskQueue, workflowId: ids.activity, args: ['a1'] });

      // Wait until every workflow is parked: timer started, activity attempt 1 running in our worker, signal workflow idle.
      await until('timer started', async () => (await eventTypes(client.workflow.getHandle(ids.timer))).includes(EventType.EVENT_TYPE_TIMER_STARTED));
      await until('activity attempt 1 running', () => Promise.resolve(activities.attemptsSeen().some((a) => a.tag === 'a1' && a.attempt === 1)));
      await until('signal workflow idle', async () => (await eventTypes(client.workflow.getHandle(ids.signal))).at(-1) === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      const timerStarted = (await client.workflow.getHandle(ids.timer).fetchHistory()).events?.find((e) => Number(e.eventType) === Number(EventType.EVENT_TYPE_TIMER_STARTED));
      const timerDueAt = eventTimeMs(timerStarted?.eventTime) + TIMER_MS;
      const before = await client.workflow.getHandle(ids.activity).describe();
      expect(before.raw.pendingActivities?.[0]?.state).toBe(temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);

      // Crash: no graceful stop, nothing flushed on the way out.
      await killHard(server);
      await connection.close();
      const killedAt = Date.now();
      // Stay down until the timer is overdue, so it falls due during the outage.
      expect(timerDueAt).toBeGreaterThan(killedAt); // the timer is still pending when the server dies
      await sleep(Math.max(0, timerDueAt + 1000 - Date.now()));

      server = spawnServer(port, db.url);
      await waitUntilServing(address, server);
      const restartedAt = Date.now();
      expect(restartedAt).toBeGreaterThan(timerDueAt); // ...and falls due while it is down
      const recovered = server.stderr.join('');
      expect(recovered).toContain('recovered from database');

      connection = await Connection.connect({ address });
      client = new Client({ connection });

      // The run that completed before the crash is still queryable.
      const quick = client.workflow.getHandle(ids.quick);
      expect(await quick.result()).toBe('quick:before');
      expect((await quick.describe()).status.name).toBe('COMPLETED');

      // The signal sent after the restart reaches the waiting run (the worker, never restarted, re-polled).
      await client.workflow.getHandle(ids.signal).signal('go', 'after-restart');
      expect(await client.workflow.getHandle(ids.signal).result()).toBe('signalled:after-restart');

      // The timer that fell due during the outage fires at once after the restart.
      const timer = client.workflow.getHandle(ids.timer);
      const slept = (await timer.result()) as number;
      expect(slept).toBeGreaterThanOrEqual(TIMER_MS);
      const timerHistory = await timer.fetchHistory();
      const fired = timerHistory.events?.find((e) => Number(e.eventType) === Number(EventType.EVENT_TYPE_TIMER_FIRED));
      expect(fired).toBeDefined();
      const firedAtMs = eventTimeMs(fired?.eventTime);
      expect(firedAtMs).toBeGreaterThanOrEqual(killedAt); // fired by the restarted server, not before the crash
      expect(firedAtMs).toBeLessThan(restartedAt + 5000); // ...and at once, not a full timer later

      // The activity attempt lost with the crash is retried once its start-to-close timeout has passed.
      expect(await client.workflow.getHandle(ids.activity).result()).toBe('done:a1:attempt2');
      const actHistory = await client.workflow.getHandle(ids.activity).fetchHistory();
      const actStarted = actHistory.events?.find((e) => Number(e.eventType) === Number(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED));
      expect(actStarted?.activityTaskStartedEventAttributes?.attempt).toBe(2);
      expect(actStarted?.activityTaskStartedEventAttributes?.lastFailure?.timeoutFailureInfo).toBeTruthy();

      expect(worker.getState()).toBe('RUNNING');

      // Well-formed histories: contiguous ids, and they replay against the workflow code.
      for (const workflowId of Object.values(ids)) {
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        const eventIds = (history.events ?? []).map((e) => Number(e.eventId));
        expect(eventIds).toEqual(eventIds.map((_, i) => i + 1));
        expect(Number(history.events?.at(-1)?.eventType)).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS }, history, workflowId)).resolves.toBeUndefined();
      }

      // The state is in the application's database, in its own schema.
      const rows = await db.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM temporal_embedded.executions');
      expect(Number(rows[0]?.n)).toBe(4);
    } finally {
      activities.releaseHungAttempts();
      worker.shutdown();
      await running;
      await connection.close();
      await workerConnection.close();
    }
  }, 120_000);
});
