import { randomUUID } from 'node:crypto';
import { type Client } from '@temporalio/client';

/**
 * Runs `n` bench workflows (`benchWorkflow(timerMs)`) with `concurrency` in flight, each started as the previous one
 * of its lane completes; returns each workflow's start-to-completion latency (ms, sorted) and the elapsed seconds.
 * `onCompleted(count)`, when given, is called after each completion with the number completed so far.
 */
export async function runClosedLoop(
  client: Client,
  taskQueue: string,
  opts: { n: number; concurrency: number; timerMs: number; requestEagerStart?: boolean; onCompleted?: (count: number) => void },
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = Date.now();
  const lane = async (): Promise<void> => {
    while (next < opts.n) {
      next++;
      const s = Date.now();
      await client.workflow.execute('benchWorkflow', {
        taskQueue,
        workflowId: `bench-${randomUUID()}`,
        args: [opts.timerMs],
        ...(opts.requestEagerStart ? { requestEagerStart: true } : {}),
      });
      latencies.push(Date.now() - s);
      opts.onCompleted?.(latencies.length);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  const seconds = (Date.now() - t0) / 1000;
  return { latencies: latencies.sort((a, b) => a - b), seconds };
}

/** The p-th percentile of sorted values (nearest rank). */
export function percentileOf(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
