/** Workflows of the durability test (bundled by Worker.create through workflowsPath). */
import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

export const go = defineSignal<[string]>('go');

/** Waits for the `go` signal. */
export async function waitForSignal(): Promise<string> {
  let value: string | undefined;
  setHandler(go, (v) => {
    value = v;
  });
  await condition(() => value !== undefined);
  return `signalled:${value ?? ''}`;
}

/** One durable timer; returns the workflow-time it slept (ms). */
export async function waitForTimer(ms: number): Promise<number> {
  const t0 = Date.now();
  await sleep(ms);
  return Date.now() - t0;
}

const acts = proxyActivities<typeof activities>({ startToCloseTimeout: '3s', retry: { initialInterval: '200ms', backoffCoefficient: 1, maximumAttempts: 5 } });

/** One activity whose first attempt never finishes (in flight when the server is killed). */
export async function waitForActivity(tag: string): Promise<string> {
  return await acts.hangsOnFirstAttempt(tag);
}

/** Completes before the crash: must stay queryable afterwards. */
export async function quick(tag: string): Promise<string> {
  return `quick:${await acts.echo(tag)}`;
}

const slowRetry = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', retry: { initialInterval: '5s', backoffCoefficient: 1, maximumAttempts: 3 } });

/** The activity's retry waits 5 s of backoff (a timer that must survive a restart with its due time). */
export async function retryAfterBackoff(tag: string): Promise<string> {
  return await slowRetry.failsOnFirstAttempt(tag);
}
