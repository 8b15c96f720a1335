import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type FieldKeys } from '@lib/crypto';
import { type DeadlinePolicy } from '@lib/domain';
import { type NotificationDeliveryOptions } from '@lib/notifications';
import { type ReferralProcessClient } from '@lib/temporal';
import { type RunningWorker } from '../../../apps/worker/src/worker';
import { ApiHarness, type ApiHarnessOptions } from './api-harness';

/**
 * The API (GraphQL over HTTP) + the real worker + the embedded Temporal server (time skipping) on one database, as
 * every ApiHarness runs them, with the workflow side at hand. Time moves only while a test awaits a workflow result
 * or env.sleep.
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
  options: { policy?: () => DeadlinePolicy; notifications?: (api: { fieldKeys: FieldKeys }) => NotificationDeliveryOptions; api?: ApiHarnessOptions } = {},
): Promise<TemporalApi> {
  const api = await ApiHarness.start({ ...options.api, policy: options.policy, notifications: options.notifications });
  return { api, ...api.temporal, stop: () => api.stop() };
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
