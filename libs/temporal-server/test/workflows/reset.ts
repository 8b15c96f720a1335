/** Workflows for the reset conformance suite. */
import { proxyActivities, condition, defineQuery, defineSignal, setHandler, uuid4 } from '@temporalio/workflow';

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
