/** Conformance (issue 18): behaviours of the reference test server that Temporal's samples and SDK tests rely on. */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  WorkflowExecutionAlreadyStartedError,
  defineSearchAttributeKey,
  TypedSearchAttributes,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import * as activities from './activities';
import { timeSkippingEnv, wid as newId, WORKFLOWS } from './helpers';
import type { FidelityActivities } from './workflows/fidelity';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const EventType = temporal.api.enums.v1.EventType;

/** Every workflow the suite runs; the last test replays their histories. */
const recorded: string[] = [];
function wid(prefix: string): string {
  const id = newId(prefix);
  recorded.push(id);
  return id;
}

describe('embedded temporal server: fidelity with the reference test server', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `tq-${randomUUID()}`;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    const fidelity: FidelityActivities = {
      skipAhead: (duration) => env.sleep(duration as Parameters<TestWorkflowEnvironment['sleep']>[0]),
    };
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS,
      activities: { ...activities, ...fidelity },
      bundlerOptions: { ignoreModules: [] },
    });
    running = worker.run();
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  describe('time skipping while an activity runs', () => {
    it('lets an activity jump ahead with env.sleep (its running attempt holds the lock the sleep releases)', async () => {
      const before = await env.currentTimeMs();
      const elapsed = await env.client.workflow.execute('sleepsInActivity', {
        args: ['2 days'],
        taskQueue,
        workflowId: wid('act-sleep'),
      });
      expect(elapsed).toBeGreaterThanOrEqual(2 * DAY);
      expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(2 * DAY);
    });

    it('holds time still again once the activity is done (a later env.sleep outside results still works)', async () => {
      await env.client.workflow.execute('sleepsInActivity', {
        args: ['1 day'],
        taskQueue,
        workflowId: wid('act-sleep-2'),
      });
      const before = await env.currentTimeMs();
      await env.sleep('3 days');
      expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(3 * DAY);
    });
  });

  describe('update-with-start (ExecuteMultiOperation)', () => {
    const startOp = (workflowId: string, workflowIdConflictPolicy: 'FAIL' | 'USE_EXISTING') =>
      new WithStartWorkflowOperation('caseLike', { workflowId, taskQueue, workflowIdConflictPolicy });

    it('starts the workflow and delivers the update with its first workflow task', async () => {
      const workflowId = wid('uws-new');
      const op = startOp(workflowId, 'FAIL');
      const result = await env.client.workflow.executeUpdateWithStart('openCase', {
        args: ['intake'],
        startWorkflowOperation: op,
      });
      expect(result).toBe('intake#1');
      const handle = await op.workflowHandle();
      expect(handle.workflowId).toBe(workflowId);
      const events = (await handle.fetchHistory()).events!.map((e) => e.eventType);
      expect(events.slice(0, 6)).toEqual([
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
      ]);
      await handle.signal('closeCase');
      expect(await handle.result()).toEqual(['intake']);
    });

    it('USE_EXISTING sends only the update to the running workflow; a retried update id is not applied twice', async () => {
      const workflowId = wid('uws-existing');
      const first = startOp(workflowId, 'USE_EXISTING');
      expect(
        await env.client.workflow.executeUpdateWithStart('openCase', {
          args: ['a'],
          startWorkflowOperation: first,
        }),
      ).toBe('a#1');
      const second = startOp(workflowId, 'USE_EXISTING');
      const updateId = `u-${randomUUID()}`;
      expect(
        await env.client.workflow.executeUpdateWithStart('openCase', {
          args: ['b'],
          updateId,
          startWorkflowOperation: second,
        }),
      ).toBe('b#2');
      const retry = startOp(workflowId, 'USE_EXISTING');
      expect(
        await env.client.workflow.executeUpdateWithStart('openCase', {
          args: ['b'],
          updateId,
          startWorkflowOperation: retry,
        }),
      ).toBe('b#2');
      const [h1, h2] = await Promise.all([first.workflowHandle(), second.workflowHandle()]);
      expect((await h2.describe()).runId).toBe((await h1.describe()).runId);
      await h1.signal('closeCase');
      expect(await h1.result()).toEqual(['a', 'b']);
    });

    it('FAIL on a running workflow rejects with WorkflowExecutionAlreadyStartedError and leaves the run untouched', async () => {
      const workflowId = wid('uws-fail');
      const handle = await env.client.workflow.start('caseLike', { workflowId, taskQueue });
      const op = startOp(workflowId, 'FAIL');
      await expect(
        env.client.workflow.executeUpdateWithStart('openCase', { args: ['x'], startWorkflowOperation: op }),
      ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      await expect(op.workflowHandle()).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      await handle.signal('closeCase');
      expect(await handle.result()).toEqual([]);
    });

    it('an update the validator rejects fails the update, but the workflow is started', async () => {
      const workflowId = wid('uws-reject');
      const op = startOp(workflowId, 'FAIL');
      await expect(
        env.client.workflow.executeUpdateWithStart('openCase', { args: [''], startWorkflowOperation: op }),
      ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      const handle = await op.workflowHandle();
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.signal('closeCase');
      expect(await handle.result()).toEqual([]);
    });

    it('startUpdateWithStart returns once the update is accepted; its handle gives the result', async () => {
      const op = startOp(wid('uws-accepted'), 'FAIL');
      const upd = await env.client.workflow.startUpdateWithStart('openCase', {
        args: ['s'],
        waitForStage: 'ACCEPTED',
        startWorkflowOperation: op,
      });
      expect(await upd.result()).toBe('s#1');
      const handle = await op.workflowHandle();
      expect(upd.workflowRunId).toBe((await handle.describe()).runId);
      await handle.signal('closeCase');
      await handle.result();
    });
  });

  describe('visibility list filters (the SDK and Temporal UI grammar)', () => {
    const RUN = defineSearchAttributeKey('NrmConformanceRun', 'KEYWORD');
    const ORG = defineSearchAttributeKey('OrgId', 'KEYWORD');
    const OPENED = defineSearchAttributeKey('OpenedAt', 'DATETIME');
    const run = `run-${randomUUID()}`;
    const started: { workflowId: string; org: string }[] = [];
    let from = 0;
    let to = 0;

    beforeAll(async () => {
      from = await env.currentTimeMs();
      for (const org of ['org-a', 'org-b', 'org-c']) {
        const workflowId = wid(`vis-${org}`);
        await env.client.workflow.start('caseLike', {
          workflowId,
          taskQueue,
          typedSearchAttributes: new TypedSearchAttributes([
            { key: RUN, value: run },
            { key: ORG, value: org },
            { key: OPENED, value: new Date(Date.UTC(2026, 0, started.length + 1)) },
          ]),
        });
        started.push({ workflowId, org });
        await new Promise((r) => setTimeout(r, 20)); // distinct start times
      }
      to = await env.currentTimeMs();
      const first = env.client.workflow.getHandle(started[0]!.workflowId);
      await first.signal('closeCase');
      await first.result();
    });

    afterAll(async () => {
      for (const { workflowId } of started.slice(1))
        await env.client.workflow.getHandle(workflowId).signal('closeCase');
    });

    const listIds = async (filter: string): Promise<string[]> => {
      const out: string[] = [];
      for await (const w of env.client.workflow.list({ query: `NrmConformanceRun = '${run}' AND ${filter}` }))
        out.push(w.workflowId);
      return out;
    };
    const idOf = (org: string): string => started.find((s) => s.org === org)!.workflowId;

    it('AND / OR with parentheses over custom keyword attributes; newest first by default', async () => {
      expect(await listIds(`(OrgId = 'org-a' OR OrgId = "org-c")`)).toEqual([idOf('org-c'), idOf('org-a')]);
    });

    it('!= and IN, ExecutionStatus by name, ORDER BY StartTime', async () => {
      expect(await listIds(`ExecutionStatus != 'Running'`)).toEqual([idOf('org-a')]);
      expect(
        await listIds(
          `ExecutionStatus = 'Running' AND OrgId IN ('org-a', 'org-b', 'org-c') ORDER BY StartTime ASC`,
        ),
      ).toEqual([idOf('org-b'), idOf('org-c')]);
    });

    it('BETWEEN on StartTime and on a custom Datetime attribute; count with the same filter', async () => {
      const iso = (ms: number): string => new Date(ms).toISOString();
      expect(await listIds(`StartTime BETWEEN '${iso(from)}' AND '${iso(to)}' ORDER BY StartTime`)).toEqual(
        started.map((s) => s.workflowId),
      );
      expect(await listIds(`OpenedAt BETWEEN '2026-01-02T00:00:00Z' AND '2026-01-03T00:00:00Z'`)).toEqual([
        idOf('org-c'),
        idOf('org-b'),
      ]);
      expect(
        (await env.client.workflow.count(`NrmConformanceRun = '${run}' AND OrgId != 'org-b'`)).count,
      ).toBe(2);
    });

    it('a malformed filter is INVALID_ARGUMENT naming the position, not the text', async () => {
      const err = await (async () => {
        for await (const _ of env.client.workflow.list({ query: `OrgId = 'org-a' OR` })) return undefined;
        return undefined;
      })().catch((e: unknown) => e as { cause?: { code?: number; details?: string } });
      expect(err?.cause?.code).toBe(3);
      expect(err?.cause?.details).toMatch(/^invalid visibility query at position 19/);
    });
  });

  it('records histories that replay with the official replayer', async () => {
    expect(recorded.length).toBeGreaterThanOrEqual(10);
    const histories = await Promise.all(
      recorded.map(async (workflowId) => ({
        workflowId,
        history: await env.client.workflow.getHandle(workflowId).fetchHistory(),
      })),
    );
    const errors: string[] = [];
    for await (const r of Worker.runReplayHistories(
      { workflowsPath: WORKFLOWS, bundlerOptions: { ignoreModules: [] } },
      histories,
    )) {
      if (r.error) errors.push(`${r.workflowId}: ${String(r.error)}`);
    }
    expect(errors).toEqual([]);
  });
});
