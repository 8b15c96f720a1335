import { GroupBarrier } from './group-barrier';

/** Round trips resolved by hand, numbered in the order they start. */
function manual(): { barrier: GroupBarrier; started: (() => void)[]; fail: (i: number) => void } {
  const started: (() => void)[] = [];
  const failures: ((e: Error) => void)[] = [];
  const barrier = new GroupBarrier(
    () =>
      new Promise<boolean>((resolve, reject) => {
        started.push(() => resolve(true));
        failures.push(reject);
      }),
  );
  return { barrier, started, fail: (i) => failures[i]!(new Error('connection lost')) };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('GroupBarrier', () => {
  it('with nothing in flight, a caller starts a round trip at once', async () => {
    const { barrier, started } = manual();
    const a = barrier.wait();
    expect(started).toHaveLength(1);
    started[0]!();
    await expect(a).resolves.toBe(true);
  });

  it('a caller arriving while a round trip is in flight waits for the next one, shared with later arrivals', async () => {
    const { barrier, started } = manual();
    const first = barrier.wait();
    let lateDone = false;
    const late = barrier.wait().then((v) => ((lateDone = true), v));
    const later = barrier.wait();
    started[0]!();
    await expect(first).resolves.toBe(true);
    await tick();
    // The first round trip started before `late` arrived: it does not answer it.
    expect(lateDone).toBe(false);
    expect(started).toHaveLength(2);
    started[1]!();
    await expect(Promise.all([late, later])).resolves.toEqual([true, true]);
    expect(started).toHaveLength(2);
  });

  it('a failed round trip answers false, and the next caller starts a new one', async () => {
    const { barrier, started, fail } = manual();
    const a = barrier.wait();
    fail(0);
    await expect(a).resolves.toBe(false);
    await tick();
    const b = barrier.wait();
    expect(started).toHaveLength(2);
    started[1]!();
    await expect(b).resolves.toBe(true);
  });
});
