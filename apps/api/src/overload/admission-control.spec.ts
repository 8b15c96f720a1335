import { AdmissionControl } from './admission-control';

describe('AdmissionControl', () => {
  it('admits up to maxConcurrent, queues up to maxQueued, refuses the rest at once', () => {
    const admission = new AdmissionControl({ maxConcurrent: 2, maxQueued: 1, queueTimeoutMs: 60_000 });
    expect(admission.tryEnter()).toBe(true);
    expect(admission.tryEnter()).toBe(true);
    expect(admission.tryEnter()).toBe(false);
    const admitted: string[] = [];
    const waiter = admission.wait(
      () => admitted.push('a'),
      () => admitted.push('timeout'),
    );
    expect(waiter).not.toBeNull();
    expect(
      admission.wait(
        () => admitted.push('b'),
        () => admitted.push('timeout'),
      ),
    ).toBeNull();
    expect([admission.inFlight, admission.queued]).toEqual([2, 1]);

    // A released slot goes straight to the waiter: the count does not dip, a newcomer cannot overtake.
    admission.release();
    expect(admitted).toEqual(['a']);
    expect([admission.inFlight, admission.queued]).toEqual([2, 0]);
    admission.release();
    admission.release();
    expect(admission.inFlight).toBe(0);
    admission.release(); // never below zero
    expect(admission.inFlight).toBe(0);
    expect(admission.tryEnter()).toBe(true);
  });

  it('serves waiters in arrival order; a cancelled waiter leaves the queue and is never admitted', () => {
    const admission = new AdmissionControl({ maxConcurrent: 1, maxQueued: 3, queueTimeoutMs: 60_000 });
    expect(admission.tryEnter()).toBe(true);
    const order: string[] = [];
    const first = admission.wait(
      () => order.push('first'),
      () => order.push('first timeout'),
    );
    const second = admission.wait(
      () => order.push('second'),
      () => order.push('second timeout'),
    );
    admission.wait(
      () => order.push('third'),
      () => order.push('third timeout'),
    );
    second!.cancel();
    expect(admission.queued).toBe(2);
    admission.release();
    admission.release();
    expect(order).toEqual(['first', 'third']);
    first!.cancel(); // already admitted: no effect
    admission.release();
    expect([admission.inFlight, admission.queued]).toEqual([0, 0]);
  });

  it('times a waiter out after queueTimeoutMs: it leaves the queue and is told so, never admitted afterwards', async () => {
    const admission = new AdmissionControl({ maxConcurrent: 1, maxQueued: 1, queueTimeoutMs: 20 });
    expect(admission.tryEnter()).toBe(true);
    const outcome = await new Promise<string>((resolve) => {
      admission.wait(
        () => resolve('admitted'),
        () => resolve('timeout'),
      );
    });
    expect(outcome).toBe('timeout');
    expect(admission.queued).toBe(0);
    admission.release();
    expect(admission.inFlight).toBe(0);
  });

  it('with no queue, refuses as soon as every slot is taken', () => {
    const admission = new AdmissionControl({ maxConcurrent: 1, maxQueued: 0, queueTimeoutMs: 1000 });
    expect(admission.tryEnter()).toBe(true);
    expect(
      admission.wait(
        () => undefined,
        () => undefined,
      ),
    ).toBeNull();
  });
});
