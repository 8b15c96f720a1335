/**
 * Durable mode, in-process: answers come after commit, tasks that were scheduled (not started) are re-queued on
 * restart, a workflow task that was started but never answered is retried after its start-to-close timeout, and
 * retention deletes closed runs from memory and database.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { start, type RunningServer } from '../src/server';
import * as activities from './durability/activities';
import { installQuietRuntime } from './quiet-runtime';

const WORKFLOWS = require.resolve('./durability/workflows');
const EventType = temporal.api.enums.v1.EventType;


async function withClient<T>(server: RunningServer, fn: (client: Client, connection: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: server.address });
  try {
    return await fn(new Client({ connection }), connection);
  } finally {
    await connection.close();
  }
}

async function withWorker<T>(server: RunningServer, taskQueue: string, fn: () => Promise<T>): Promise<T> {
  const connection = await NativeConnection.connect({ address: server.address });
  try {
    const worker = await Worker.create({ connection, taskQueue, workflowsPath: WORKFLOWS, activities });
    return await worker.runUntil(fn);
  } finally {
    await connection.close();
  }
}

describe('embedded temporal server: PostgreSQL persistence (in-process)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    installQuietRuntime();
    db = await createTestDatabase();
  });

  afterAll(() => db?.drop());

  const storedEvents = async (workflowId: string): Promise<number[]> => {
    const rows = await db.dataSource.query<{ data: Buffer }[]>(
      `SELECT h.data FROM temporal_embedded.history_events h JOIN temporal_embedded.executions e USING (run_id)
        WHERE e.workflow_id = $1 ORDER BY h.event_id`,
      [workflowId],
    );
    return rows.map((r) => Number(temporal.api.history.v1.HistoryEvent.decode(r.data).eventType));
  };

  it('answers StartWorkflowExecution and SignalWorkflowExecution only after their events are committed', async () => {
    const server = await start({ databaseUrl: db.url });
    try {
      await withClient(server, async (client) => {
        const workflowId = `commit-${randomUUID()}`;
        const h = await client.workflow.start('waitForSignal', { taskQueue: `none-${randomUUID()}`, workflowId });
        expect(await storedEvents(workflowId)).toEqual([EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED]);
        await h.signal('go', 'x');
        expect(await storedEvents(workflowId)).toEqual([
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        ]);
        await h.terminate('done'); // leave no scheduled task behind for the next test
      });
      // One server per database.
      await expect(start({ databaseUrl: db.url })).rejects.toThrow(/another embedded Temporal server/);
    } finally {
      await server.stop();
    }
  });

  it('keeps an RPC waiting while the database rejects writes, retries, and answers once committed', async () => {
    const server = await start({ databaseUrl: db.url });
    try {
      await withClient(server, async (client) => {
        const workflowId = `retry-write-${randomUUID()}`;
        await db.dataSource.query('ALTER TABLE temporal_embedded.history_events RENAME TO history_events_moved');
        // The failed writes are expected here: their error lines stay out of the test output.
        const quiet = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
        let answered = false;
        const started = client.workflow.start('waitForSignal', { taskQueue: `none-${randomUUID()}`, workflowId }).then((h) => {
          answered = true;
          return h;
        });
        try {
          await new Promise((r) => setTimeout(r, 1000));
          expect(answered).toBe(false);
          expect(server.persistence?.stats.failures).toBeGreaterThan(0);
        } finally {
          await db.dataSource.query('ALTER TABLE temporal_embedded.history_events_moved RENAME TO history_events');
          quiet.mockRestore();
        }
        const h = await started;
        expect(await storedEvents(workflowId)).toEqual([EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED]);
        await h.terminate('done');
      });
    } finally {
      await server.stop();
    }
  });

  it('re-queues a scheduled workflow task and retries a started one after its timeout, on a new server', async () => {
    const taskQueue = `requeue-${randomUUID()}`;
    const scheduledId = `scheduled-${randomUUID()}`;
    const startedId = `started-${randomUUID()}`;
    const first = await start({ databaseUrl: db.url });
    try {
      await withClient(first, async (client, connection) => {
        await client.workflow.start('quick', { taskQueue, workflowId: startedId, args: ['s'], workflowTaskTimeout: '2s' });
        // Take the first workflow task like a worker would, and never answer it.
        const polled = await connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'lost-worker' });
        expect(polled.workflowExecution?.workflowId).toBe(startedId);
        await client.workflow.start('quick', { taskQueue, workflowId: scheduledId, args: ['q'] });
      });
    } finally {
      await first.stop();
    }
    const second = await start({ databaseUrl: db.url });
    try {
      expect(second.persistence?.recovered.requeuedWorkflowTasks).toBe(1);
      await withWorker(second, taskQueue, () =>
        withClient(second, async (client) => {
          expect(await client.workflow.getHandle(scheduledId).result()).toBe('quick:q');
          expect(await client.workflow.getHandle(startedId).result()).toBe('quick:s');
          const types = ((await client.workflow.getHandle(startedId).fetchHistory()).events ?? []).map((e) => Number(e.eventType));
          expect(types.slice(0, 4)).toEqual([
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
          ]);
        }),
      );
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('re-queues an activity that was scheduled but not started, on a new server', async () => {
    const taskQueue = `act-requeue-${randomUUID()}`;
    const workflowId = `act-${randomUUID()}`;
    const first = await start({ databaseUrl: db.url });
    try {
      // A workflow-only worker: the activity is scheduled, nobody polls for it.
      const connection = await NativeConnection.connect({ address: first.address });
      try {
        const worker = await Worker.create({ connection, taskQueue, workflowsPath: WORKFLOWS });
        await worker.runUntil(() =>
          withClient(first, async (client) => {
            const h = await client.workflow.start('quick', { taskQueue, workflowId, args: ['late'] });
            for (let i = 0; i < 100; i++) {
              const d = await h.describe();
              if ((d.raw.pendingActivities ?? []).length > 0) break;
              await new Promise((r) => setTimeout(r, 100));
            }
            expect((await h.describe()).raw.pendingActivities?.[0]?.state).toBe(temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
          }),
        );
      } finally {
        await connection.close();
      }
    } finally {
      await first.stop();
    }
    const second = await start({ databaseUrl: db.url });
    try {
      expect(second.persistence?.recovered.requeuedActivities).toBe(1);
      await withWorker(second, taskQueue, () =>
        withClient(second, async (client) => {
          expect(await client.workflow.getHandle(workflowId).result()).toBe('quick:late');
        }),
      );
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('keeps an activity retry backoff across a restart (same due time: not fired at once, not reset, not lost)', async () => {
    const taskQueue = `backoff-${randomUUID()}`;
    const workflowId = `backoff-${randomUUID()}`;
    const first = await start({ databaseUrl: db.url });
    try {
      await withWorker(first, taskQueue, () =>
        withClient(first, async (client) => {
          const h = await client.workflow.start('retryAfterBackoff', { taskQueue, workflowId, args: ['b1'] });
          for (let i = 0; i < 100 && !activities.attemptsSeen().some((a) => a.tag === 'b1'); i++) await new Promise((r) => setTimeout(r, 50));
          await new Promise((r) => setTimeout(r, 300));
          expect((await h.describe()).raw.pendingActivities?.[0]?.attempt).toBe(2); // waiting out the 5 s backoff
        }),
      );
    } finally {
      await first.stop();
    }
    const second = await start({ databaseUrl: db.url });
    try {
      await withWorker(second, taskQueue, () =>
        withClient(second, async (client) => {
          expect(await client.workflow.getHandle(workflowId).result()).toBe('done:b1:attempt2');
        }),
      );
    } finally {
      await second.stop();
    }
    const attempts = activities.attemptsSeen().filter((a) => a.tag === 'b1');
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    const gap = (attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(4500); // the backoff's original due time, not "now" at recovery
    expect(gap).toBeLessThan(9000); // ...and not restarted from scratch
  }, 60_000);

  it('deletes closed executions after the retention period, from memory and database', async () => {
    const taskQueue = `retention-${randomUUID()}`;
    const server = await start({ databaseUrl: db.url, retentionMs: 1500, sweepIntervalMs: 200 });
    try {
      const workflowId = `retained-${randomUUID()}`;
      const openId = `open-${randomUUID()}`;
      await withWorker(server, taskQueue, () =>
        withClient(server, async (client) => {
          // DescribeNamespace reports the retention this server applies.
          const described = await client.workflowService.describeNamespace({ namespace: 'default' });
          expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(1);
          expect(described.config?.workflowExecutionRetentionTtl?.nanos).toBe(500_000_000);
          expect(await client.workflow.execute('quick', { taskQueue, workflowId, args: ['r'] })).toBe('quick:r');
          await client.workflow.start('waitForSignal', { taskQueue, workflowId: openId });
          expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED');
          await new Promise((r) => setTimeout(r, 2500));
          await expect(client.workflow.getHandle(workflowId).describe()).rejects.toThrow(/not found/i);
          expect((await client.workflow.getHandle(openId).describe()).status.name).toBe('RUNNING'); // running runs are kept
          await client.workflow.getHandle(openId).terminate('cleanup');
        }),
      );
      await server.persistence?.flushed();
      const rows = await db.dataSource.query<{ n: string }[]>(
        `SELECT (SELECT count(*) FROM temporal_embedded.executions WHERE workflow_id = $1)
              + (SELECT count(*) FROM temporal_embedded.history_events h WHERE NOT EXISTS
                  (SELECT 1 FROM temporal_embedded.executions e WHERE e.run_id = h.run_id)) AS n`,
        [workflowId],
      );
      expect(Number(rows[0]?.n)).toBe(0);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
