/** Conformance (issue 18): behaviours of the reference test server that Temporal's samples and SDK tests rely on. */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import * as activities from './activities';
import { timeSkippingEnv, wid, WORKFLOWS } from './helpers';
import type { FidelityActivities } from './workflows/fidelity';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;

describe('embedded temporal server: fidelity with the reference test server', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `tq-${randomUUID()}`;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    const fidelity: FidelityActivities = { skipAhead: (duration) => env.sleep(duration) };
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
      const t0 = Date.now();
      const elapsed = await env.client.workflow.execute('sleepsInActivity', { args: ['2 days'], taskQueue, workflowId: wid('act-sleep') });
      expect(elapsed).toBeGreaterThanOrEqual(2 * DAY);
      expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(2 * DAY);
      expect(Date.now() - t0).toBeLessThan(5000);
    });

    it('holds time still again once the activity is done (a later env.sleep outside results still works)', async () => {
      await env.client.workflow.execute('sleepsInActivity', { args: ['1 day'], taskQueue, workflowId: wid('act-sleep-2') });
      const before = await env.currentTimeMs();
      await env.sleep('3 days');
      expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(3 * DAY);
    });
  });
});
