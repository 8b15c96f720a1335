/** Workflows for the issue-18 fidelity suite: time skipping inside activities, update-with-start. */
import { proxyActivities, condition, defineUpdate, defineSignal, setHandler } from '@temporalio/workflow';

/** Activities the fidelity suite registers on its own worker (they close over the test environment). */
export interface FidelityActivities {
  skipAhead(duration: string): Promise<void>;
}

const fidelity = proxyActivities<FidelityActivities>({
  startToCloseTimeout: '7 days',
  retry: { maximumAttempts: 1 },
});

/** Runs an activity that jumps virtual time ahead with env.sleep; returns the workflow time that passed. */
export async function sleepsInActivity(duration: string): Promise<number> {
  const t0 = Date.now();
  await fidelity.skipAhead(duration);
  return Date.now() - t0;
}

export const openCaseUpdate = defineUpdate<string, [string]>('openCase');
export const closeCaseSignal = defineSignal('closeCase');

/** Accepts one or more `openCase` updates (each answers with its position); completes on `closeCase`. */
export async function caseLike(): Promise<string[]> {
  const opened: string[] = [];
  let closed = false;
  setHandler(
    openCaseUpdate,
    (tag: string) => {
      opened.push(tag);
      return `${tag}#${opened.length}`;
    },
    {
      validator: (tag: string) => {
        if (tag === '') throw new Error('empty tag');
      },
    },
  );
  setHandler(closeCaseSignal, () => {
    closed = true;
  });
  await condition(() => closed);
  return opened;
}
