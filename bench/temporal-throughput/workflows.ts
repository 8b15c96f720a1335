/** Bench workflow: one activity and one short timer. */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from './activities';

const { benchActivity } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });

export async function benchWorkflow(timerMs: number): Promise<string> {
  const r = await benchActivity('x');
  await sleep(timerMs);
  return r;
}
