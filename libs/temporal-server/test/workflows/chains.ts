/** Workflows for the run-chain conformance suite: workflow retry policies, cron, continue-as-new under streaming signals. */
import { ApplicationFailure, condition, continueAsNew, defineSignal, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';

export interface AttemptReport {
  attempt: number;
  lastFailure: string | null;
  continuedFrom: string | null;
}

/** Fails (with an error of `errorType`) until its retry attempt reaches `succeedAt`, then reports what it saw of the chain. */
export function failsUntilAttempt(succeedAt: number, errorType: string): Promise<AttemptReport> {
  const info = workflowInfo();
  if (info.attempt < succeedAt) return Promise.reject(ApplicationFailure.retryable(`attempt ${info.attempt} failed`, errorType));
  return Promise.resolve({ attempt: info.attempt, lastFailure: info.lastFailure?.message ?? null, continuedFrom: info.continuedFromExecutionRunId ?? null });
}

/**
 * One run of a cron chain: counts successful runs through the last completion result. The run that would be number
 * `failOnRun` fails once (without retries); the next run sees that failure and the result of the last successful run.
 */
export function cronStep(failOnRun: number): Promise<number> {
  const info = workflowInfo();
  const count = ((info.lastResult as number | undefined) ?? 0) + 1;
  if (count === failOnRun && !info.lastFailure) return Promise.reject(ApplicationFailure.nonRetryable('scheduled failure', 'CronFailure'));
  return Promise.resolve(count);
}

export const itemSignal = defineSignal<[number]>('item');

/** Continues as new after every batch of signals it receives; returns every item once `total` have been seen. */
export async function collectAcrossRuns(seen: number[], total: number): Promise<number[]> {
  const items: number[] = [];
  setHandler(itemSignal, (n) => {
    items.push(n);
  });
  if (seen.length >= total) return seen;
  await condition(() => items.length > 0);
  const all = seen.concat(items);
  if (all.length >= total) return all;
  return await continueAsNew<typeof collectAcrossRuns>(all, total);
}

/** Activities the chains suite registers on a worker of its own (they close over the test's client). */
export interface ChainActivities {
  /** Signals `note` to the workflow, the first time it is called for that workflow id only. */
  signalSelfOnce(workflowId: string, value: string): Promise<void>;
}

const local = proxyLocalActivities<ChainActivities>({ startToCloseTimeout: '30s' });
export const noteSignal = defineSignal<[string]>('note');

/**
 * Round 0: a local activity (run inside the workflow task) signals this workflow, so the signal arrives while that task
 * is in flight, and the same task continues as new. Round 1 returns what round 0 carried over plus what it received.
 */
export async function signalDuringContinueAsNew(round: number, carried: string[]): Promise<string[]> {
  const got: string[] = [];
  setHandler(noteSignal, (v) => {
    got.push(v);
  });
  if (round === 0) {
    await local.signalSelfOnce(workflowInfo().workflowId, 'during-continue-as-new');
    return await continueAsNew<typeof signalDuringContinueAsNew>(1, got);
  }
  return carried.concat(got);
}
