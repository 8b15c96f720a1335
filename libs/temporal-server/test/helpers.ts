/** Shared setup: our executable as the time-skipping test server, and a worker on a unique task queue. */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import * as activities from './activities';

export const EXE = path.resolve(__dirname, '..', 'bin', 'temporal-server');
export const WORKFLOWS = require.resolve('./workflows');

let runtimeInstalled = false;
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      // Expected failures (activities that fail on purpose, workflow tasks of deliberately buggy code, killed servers)
      // stay quiet; the SDK's and its native core's errors still show.
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // already installed by another file in this worker process
  }
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: EXE } } });
}

export async function makeWorker(env: TestWorkflowEnvironment, taskQueue = `tq-${randomUUID()}`): Promise<{ worker: Worker; taskQueue: string }> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: WORKFLOWS,
    activities,
    bundlerOptions: { ignoreModules: [] },
  });
  return { worker, taskQueue };
}

export function wid(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

export interface ConformanceSetup {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  /** Shuts the worker down once, waits for it, then tears the environment down. */
  stop(): Promise<void>;
}

/** One time-skipping environment and one running worker, shared by a suite's tests. */
export async function startConformance(): Promise<ConformanceSetup> {
  const env = await timeSkippingEnv();
  const { worker, taskQueue } = await makeWorker(env);
  const running = worker.run();
  return {
    env,
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
