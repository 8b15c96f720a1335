/** Workflows used by the conformance suite (bundled by Worker.create through workflowsPath). */
import {
  proxyActivities,
  sleep,
  condition,
  defineSignal,
  defineQuery,
  defineUpdate,
  setHandler,
  CancellationScope,
  isCancellation,
  executeChild,
  startChild,
  continueAsNew,
  patched,
  ParentClosePolicy,
  ActivityCancellationType,
  upsertSearchAttributes,
  workflowInfo,
  ApplicationFailure,
  getExternalWorkflowHandle,
} from '@temporalio/workflow';
import type * as activities from '../activities';

const acts = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', retry: { initialInterval: '50ms', maximumAttempts: 5 } });

export async function greet(name: string): Promise<string> {
  const a = await acts.echo(`hello ${name}`);
  const b = await acts.echo(`bye ${name}`);
  return `${a}|${b}`;
}

export async function retryThenSucceed(key: string, failures: number): Promise<number> {
  return await acts.flaky(key, failures);
}

export async function nonRetryable(key: string): Promise<string> {
  try {
    await acts.failNonRetryable(key);
    return 'unexpected';
  } catch (err) {
    const cause = (err as { cause?: { message?: string; nonRetryable?: boolean } }).cause;
    return `failed:${cause?.message ?? ''}:${String(cause?.nonRetryable)}`;
  }
}

export async function heartbeatTimeout(): Promise<string> {
  const a = proxyActivities<typeof activities>({ startToCloseTimeout: '30s', heartbeatTimeout: '1s', retry: { maximumAttempts: 1 } });
  try {
    await a.silentSleeper(5000);
    return 'unexpected';
  } catch (err) {
    const cause = (err as { cause?: { name?: string; timeoutType?: unknown } }).cause;
    return `${cause?.name ?? ''}:${String(cause?.timeoutType)}`;
  }
}

export async function cancelHeartbeating(): Promise<string> {
  const a = proxyActivities<typeof activities>({
    startToCloseTimeout: '30s',
    heartbeatTimeout: '2s',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  const scope = new CancellationScope();
  const p = scope.run(() => a.heartbeater(20_000));
  await sleep(500);
  scope.cancel();
  try {
    await p;
    return 'unexpected';
  } catch (err) {
    return isCancellation(err) ? 'cancelled' : `other:${String(err)}`;
  }
}

export async function timers(): Promise<string> {
  const start = Date.now();
  await sleep(1000);
  const scope = new CancellationScope();
  const t = scope.run(() => sleep(60_000));
  scope.cancel();
  try {
    await t;
  } catch (err) {
    if (!isCancellation(err)) throw err;
  }
  await sleep(100);
  return `elapsed>=${Date.now() - start >= 1100}`;
}

export async function longSleep(): Promise<number> {
  const start = Date.now();
  await sleep('30 days');
  return Date.now() - start;
}

export const addSignal = defineSignal<[number]>('add');
export const doneSignal = defineSignal('done');
export const totalQuery = defineQuery<number>('total');
export const setUpdate = defineUpdate<number, [number]>('set');

export async function accumulator(): Promise<number> {
  let total = 0;
  let done = false;
  setHandler(addSignal, (n) => {
    total += n;
  });
  setHandler(doneSignal, () => {
    done = true;
  });
  setHandler(totalQuery, () => total);
  setHandler(
    setUpdate,
    async (n) => {
      await sleep(10);
      const old = total;
      total = n;
      return old;
    },
    {
      validator: (n) => {
        if (n < 0) throw new Error('negative not allowed');
      },
    },
  );
  await condition(() => done);
  return total;
}

export async function activityThenSignals(): Promise<number> {
  let total = 0;
  setHandler(addSignal, (n) => {
    total += n;
  });
  setHandler(totalQuery, () => total);
  await acts.slowEcho('x', 300);
  await condition(() => total >= 10);
  return total;
}

export async function child(tag: string, ms: number): Promise<string> {
  await sleep(ms);
  return `child:${tag}`;
}

export async function parent(): Promise<string> {
  const r = await executeChild(child, { args: ['a', 10], workflowId: `${workflowInfo().workflowId}-child` });
  return `parent(${r})`;
}

export async function parentWithPolicy(policy: 'TERMINATE' | 'ABANDON' | 'REQUEST_CANCEL'): Promise<string> {
  const h = await startChild(waitsForCancelUntimed, {
    workflowId: `${workflowInfo().workflowId}-child`,
    parentClosePolicy: ParentClosePolicy[`PARENT_CLOSE_POLICY_${policy}`],
  });
  return h.workflowId;
}

export async function waitsForCancel(): Promise<string> {
  try {
    await sleep('1 day');
    return 'slept';
  } catch (err) {
    if (isCancellation(err)) return 'cancelled';
    throw err;
  }
}

/** Like waitsForCancel but with no timer, so skipped time cannot finish it. */
export async function waitsForCancelUntimed(): Promise<string> {
  try {
    await condition(() => false);
    return 'unreachable';
  } catch (err) {
    if (isCancellation(err)) return 'cancelled';
    throw err;
  }
}

export async function parentCancelsChild(): Promise<string> {
  const scope = new CancellationScope();
  const h = await scope.run(() => startChild(waitsForCancel, { workflowId: `${workflowInfo().workflowId}-child` }));
  const r = h.result();
  await sleep(100);
  scope.cancel();
  try {
    return `child returned ${await r}`;
  } catch (err) {
    return isCancellation(err) || (err as { cause?: unknown }).cause ? 'child-cancelled' : String(err);
  }
}

export async function signalsOther(targetId: string): Promise<void> {
  await getExternalWorkflowHandle(targetId).signal(addSignal, 7);
}

export async function countdown(n: number): Promise<string> {
  if (n > 0) await continueAsNew<typeof countdown>(n - 1);
  return `done:${workflowInfo().continuedFromExecutionRunId ? 'continued' : 'first'}`;
}

export async function cancellable(): Promise<string> {
  try {
    await sleep('1 day');
    return 'slept';
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => acts.echo('cleanup'));
    }
    throw err;
  }
}

export function patchedWorkflow(): Promise<string> {
  return Promise.resolve(patched('my-patch') ? 'new' : 'old');
}

export async function searchAttrs(): Promise<string> {
  upsertSearchAttributes({ CustomKeywordField: ['abc'] });
  await sleep(10);
  return 'ok';
}

export function failing(msg: string): Promise<void> {
  return Promise.reject(ApplicationFailure.nonRetryable(msg, 'MyError'));
}

/** Throws a plain error: the SDK fails the workflow task (not the workflow), and the server retries the task. */
export function buggy(): Promise<void> {
  return Promise.reject(new TypeError('bug in workflow code'));
}

export async function asyncCompletion(tag: string): Promise<string> {
  const a = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
  return await a.completesAsync(tag);
}

export const finishUpdate = defineUpdate<string, [string]>('finish');

/** Completes in the same workflow task in which its update handler answers. */
export async function finishesOnUpdate(): Promise<string> {
  let reply = '';
  setHandler(finishUpdate, (tag: string) => {
    reply = `finished:${tag}`;
    return reply;
  });
  await condition(() => reply !== '');
  return reply;
}
export * from './fidelity';
export * from './chains';
export * from './reset';
