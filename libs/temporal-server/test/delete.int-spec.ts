/**
 * Conformance (issue 18): DeleteWorkflowExecution (`client.workflowService.deleteWorkflowExecution`; the handle has no
 * delete) on the durable server — a running run is terminated first, then its history, its visibility record and its
 * PostgreSQL rows are gone, also after a restart; other runs of the same workflow id stay.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { TerminatedFailure } from '@temporalio/common';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { start, type RunningServer } from '../src/server';

async function withClient<T>(server: RunningServer, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: server.address });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

describe('embedded temporal server: DeleteWorkflowExecution', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db?.drop());

  const storedRows = async (workflowId: string): Promise<{ executions: number; events: number }> => {
    const [row] = await db.dataSource.query<{ executions: string; events: string }[]>(
      `SELECT (SELECT count(*) FROM temporal_embedded.executions WHERE workflow_id = $1) AS executions,
              (SELECT count(*) FROM temporal_embedded.history_events h JOIN temporal_embedded.executions e USING (run_id)
                WHERE e.workflow_id = $1) AS events`,
      [workflowId],
    );
    return { executions: Number(row?.executions), events: Number(row?.events) };
  };

  const remove = (client: Client, workflowId: string, runId?: string): Promise<unknown> =>
    client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId, runId } });

  it('terminates a running execution, then removes its history, visibility and stored rows (also after a restart)', async () => {
    const workflowId = `delete-${randomUUID()}`;
    let server = await start({ databaseUrl: db.url });
    try {
      await withClient(server, async (client) => {
        const handle = await client.workflow.start('waitForSignal', { taskQueue: `none-${randomUUID()}`, workflowId });
        const outcome = handle.result().catch((e: unknown) => e);
        expect(await storedRows(workflowId)).toEqual({ executions: 1, events: 2 });

        await remove(client, workflowId);

        // A caller waiting for the result sees the termination that precedes the deletion.
        const err = await outcome;
        expect(err).toBeInstanceOf(WorkflowFailedError);
        expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
        await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
        await expect(
          client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId, runId: handle.firstExecutionRunId } }),
        ).rejects.toMatchObject({ code: 5 });
        expect((await client.workflow.count(`WorkflowId = '${workflowId}'`)).count).toBe(0);
        expect(await storedRows(workflowId)).toEqual({ executions: 0, events: 0 });
      });
      await server.stop();
      server = await start({ databaseUrl: db.url });
      await withClient(server, async (client) => {
        await expect(client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      });
    } finally {
      await server.stop();
    }
  });

  it('deletes the run it is given and keeps the other runs of the workflow id; an unknown execution is NOT_FOUND', async () => {
    const workflowId = `delete-run-${randomUUID()}`;
    const server = await start({ databaseUrl: db.url });
    try {
      await withClient(server, async (client) => {
        const taskQueue = `none-${randomUUID()}`;
        const first = await client.workflow.start('waitForSignal', { taskQueue, workflowId });
        await first.terminate('first run done');
        const second = await client.workflow.start('waitForSignal', { taskQueue, workflowId });
        expect(await storedRows(workflowId)).toEqual({ executions: 2, events: 5 });

        await remove(client, workflowId, first.firstExecutionRunId);

        await expect(client.workflow.getHandle(workflowId, first.firstExecutionRunId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
        const current = await client.workflow.getHandle(workflowId).describe();
        expect(current.runId).toBe(second.firstExecutionRunId);
        expect(current.status.name).toBe('RUNNING');
        expect(await storedRows(workflowId)).toEqual({ executions: 1, events: 2 });

        const missing = await remove(client, `missing-${randomUUID()}`).catch((e: unknown) => e as { code?: number; details?: string });
        expect((missing as { code?: number }).code).toBe(5);
        await second.terminate('done');
      });
    } finally {
      await server.stop();
    }
  });
});
