/** Workflows for the reset conformance suite. */
import { proxyActivities, condition, defineQuery, defineSignal, setHandler, sleep, uuid4 } from '@temporalio/workflow';

const { echo } = proxyActivities<{ echo(s: string): Promise<string> }>({ startToCloseTimeout: '10s' });

export const addSignal = defineSignal<[string]>('add');
export const finishSignal = defineSignal('finish');
export const itemsQuery = defineQuery<string[]>('items');

/** Runs an activity, collects `add` signals until `finish`; returns what it saw (and a random id of the run). */
export async function resettable(): Promise<{ first: string; items: string[]; random: string }> {
  const items: string[] = [];
  let done = false;
  setHandler(addSignal, (s: string) => void items.push(s));
  setHandler(finishSignal, () => {
    done = true;
  });
  setHandler(itemsQuery, () => items);
  const random = uuid4();
  const first = await echo('one');
  await condition(() => done);
  return { first, items, random };
}

const { slowEcho } = proxyActivities<{ slowEcho(s: string, ms: number): Promise<string> }>({ startToCloseTimeout: '30s' });

/** Leaves an activity and a timer pending while it takes its first `add` signal, then waits for both. */
export async function pendingAtReset(): Promise<string[]> {
  const seen: string[] = [];
  setHandler(addSignal, (s: string) => void seen.push(s));
  setHandler(itemsQuery, () => seen);
  const act = slowEcho('act', 1500);
  const timer = sleep('1 hour').then(() => 'timer');
  await condition(() => seen.length > 0);
  return [await act, await timer, ...seen];
}
