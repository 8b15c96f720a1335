/** Dev-server contract: TestWorkflowEnvironment.createLocal with our executable (real time, no TestService). */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { makeWorker, EXE, quietRuntime, wid } from './helpers';

jest.setTimeout(60_000);

describe('embedded temporal server: createLocal', () => {
  it('runs activities, timers and signals in real time', async () => {
    quietRuntime();
    const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: EXE } } });
    try {
      const { worker, taskQueue } = await makeWorker(env);
      await worker.runUntil(async () => {
        expect(await env.client.workflow.execute('greet', { args: ['local'], taskQueue, workflowId: wid('local') })).toBe('hello local|bye local');
        const h = await env.client.workflow.start('accumulator', { taskQueue, workflowId: wid('local-acc') });
        await h.signal('add', 2);
        await h.signal('done');
        expect(await h.result()).toBe(2);
        const started = Date.now();
        await env.client.workflow.execute('timers', { taskQueue, workflowId: wid('local-timers') });
        expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // real time: the 1 s timer really waits
      });
    } finally {
      await env.teardown();
    }
  });
});
