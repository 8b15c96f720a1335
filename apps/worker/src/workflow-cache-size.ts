import { getHeapStatistics } from 'node:v8';

/**
 * How many workflows the worker keeps in memory between their events (`maxCachedWorkflows`). A workflow outside the
 * cache is replayed from its history at its next event: CPU on every referral once the open cases and referrals
 * outnumber the cache (bench/referral-throughput.ts, BENCH_COUNT=1500, about 3,000 workflows: p99 4.6 s with the
 * SDK's default of 2,310 on a 4 GiB heap, 0.2 s with 5,000).
 *
 * Default: one workflow per MiB of the heap limit, that is a quarter of the heap at 256 KiB per workflow. Measured in
 * that bench, a cached workflow costs about 140 KiB of resident memory (worker 541 MiB with about 1,040 cached, 822
 * MiB with about 3,040). The SDK's own default (600 per GiB above 200 MiB) budgets some 1.7 MiB each.
 * TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS overrides it.
 */
export const WORKFLOW_CACHE_ENV = 'TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS';

const MIN_DEFAULT = 100;

/**
 * The cache size: TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS, else one per MiB of the heap limit (at least 100). Throws,
 * naming the variable, on anything but a whole number from 1 to 9,999,999.
 */
export function workflowCacheSize(
  env: NodeJS.ProcessEnv = process.env,
  heapLimitBytes: number = getHeapStatistics().heap_size_limit,
): number {
  const raw = env[WORKFLOW_CACHE_ENV]?.trim();
  if (raw === undefined || raw === '') {
    return Math.max(MIN_DEFAULT, Math.floor(heapLimitBytes / (1024 * 1024)));
  }
  if (!/^[1-9][0-9]{0,6}$/.test(raw)) {
    throw new Error(`${WORKFLOW_CACHE_ENV} must be a whole number of workflows from 1 to 9999999`);
  }
  return Number(raw);
}
