import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '@lib/domain';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FieldCipher } from '@lib/crypto';
import { type NotificationDeliveryOptions, createMailTransport } from '@lib/notifications';
import { ReferralProcessClient } from '@lib/temporal';
import { startWorker, type RunningWorker } from '../../../apps/worker/src/worker';
import { cachedWorkflowBundle, quietRuntime, TEMPORAL_SERVER_EXE, testDataConverter } from '../../workflows/support/harness';
import { ApiHarness } from './api-harness';

/**
 * The API (GraphQL over HTTP) + the real worker + the embedded Temporal server (time skipping) on one database, as
 * test/e2e/referral-workflow.e2e-spec.ts runs them. Time moves only while a test awaits a workflow result or env.sleep.
 */
export interface TemporalApi {
  api: ApiHarness;
  env: TestWorkflowEnvironment;
  worker: RunningWorker;
  facade: ReferralProcessClient;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startTemporalApi(
  options: { policy?: () => DeadlinePolicy; notifications?: (api: ApiHarness) => NotificationDeliveryOptions } = {},
): Promise<TemporalApi> {
  quietRuntime();
  const dataConverter = testDataConverter();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEMPORAL_SERVER_EXE } },
    client: { dataConverter },
  });
  const taskQueue = `e2e-${randomUUID()}`;
  const facade = new ReferralProcessClient(env.client, taskQueue);
  const api = await ApiHarness.start({ referralProcess: facade });
  const worker = await startWorker({
    dataSource: api.db.dataSource,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    dataConverter,
    workflowBundle: await cachedWorkflowBundle(),
    activities: { policy: options.policy ?? (() => DEFAULT_DEADLINE_POLICY) },
    notifications: options.notifications?.(api) ?? {
      mail: createMailTransport({ smtpUrl: null, from: 'nrm@test', mailboxDir: join(tmpdir(), `nrm-e2e-mailbox-${taskQueue}`) }),
      cipher: new FieldCipher(api.fieldKeys),
      consoleUrl: 'http://console.test',
    },
  });
  return {
    api,
    env,
    worker,
    facade,
    taskQueue,
    async stop() {
      await worker.shutdown();
      await env.teardown();
      await api.stop();
    },
  };
}

/** Polls `read` until it returns something truthy (workflow activities run after the update that triggered them). */
export async function eventually<T>(read: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error('eventually: timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
