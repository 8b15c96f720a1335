import { VirtualClock } from './virtual-clock';
import { TimerHeap } from './timer-heap';
import { parseArgs } from '../cli/args';

describe('TimerHeap', () => {
  it('pops in due order, skips deleted and replaced keys', () => {
    const h = new TimerHeap();
    h.set('a', 30);
    h.set('b', 10);
    h.set('c', 20);
    h.set('a', 5); // replaced
    h.delete('c');
    expect([h.pop()?.key, h.pop()?.key, h.pop()]).toEqual(['a', 'b', undefined]);
  });
});

describe('VirtualClock', () => {
  it('jumps to the next timer only when unlocked, and rejects unlocking at zero', async () => {
    const clock = new VirtualClock(true, true);
    const fired: string[] = [];
    clock.setFireHandler((k) => fired.push(k));
    const start = clock.now();
    clock.schedule('far', start + 30 * 24 * 3600 * 1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toEqual([]); // locked: waits for wall time
    clock.unlock();
    await new Promise((r) => setImmediate(r));
    expect(fired).toEqual(['far']);
    expect(clock.now() - start).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
    expect(() => clock.unlock()).toThrow();
    clock.stop();
  });

  it('work locks hold time still', async () => {
    const clock = new VirtualClock(true, false);
    const fired: string[] = [];
    clock.setFireHandler((k) => fired.push(k));
    clock.holdWork('wft|x');
    clock.schedule('t', clock.now() + 60_000);
    await new Promise((r) => setTimeout(r, 10));
    expect(fired).toEqual([]);
    clock.releaseWork('wft|x');
    await new Promise((r) => setImmediate(r));
    expect(fired).toEqual(['t']);
    clock.stop();
  });
});

describe('VirtualClock: one lock counter, as the reference test server', () => {
  it('lets an unlock release a lock that running work holds (env.sleep from inside an activity), then relocks', async () => {
    const clock = new VirtualClock(true, true);
    const fired: string[] = [];
    clock.setFireHandler((k) => {
      fired.push(k);
      if (k === 'sleep-done') clock.lock();
    });
    clock.unlock(); // the test awaits a result: explicit locks at 0
    clock.holdWork('act|run|5'); // an activity attempt runs
    const start = clock.now();
    clock.schedule('sleep-done', start + 2 * 24 * 3600 * 1000);
    expect(() => clock.unlock()).not.toThrow(); // the activity's env.sleep
    await new Promise((r) => setImmediate(r));
    expect(fired).toEqual(['sleep-done']);
    expect(clock.now() - start).toBeGreaterThanOrEqual(2 * 24 * 3600 * 1000);
    clock.releaseWork('act|run|5'); // the activity completes: nothing holds time again
    expect(clock.lockCount).toBe(0);
    expect(() => clock.unlock()).toThrow('Time skipping is already unlocked');
    clock.stop();
  });
});

describe('parseArgs', () => {
  it('understands the three contracts', () => {
    expect(parseArgs(['7233'])).toEqual({ kind: 'test-server', port: 7233, host: '127.0.0.1' });
    expect(parseArgs(['server', 'start-dev', '--port', '1234', '--namespace', 'ns', '--ip', '0.0.0.0', '--headless', '--log-format', 'pretty'])).toMatchObject({
      kind: 'dev-server',
      port: 1234,
      host: '0.0.0.0',
      namespace: 'ns',
    });
    expect(parseArgs(['dump', 'wf-1', '--address', 'h:1'])).toMatchObject({ kind: 'dump', workflowId: 'wf-1', address: 'h:1' });
    expect(parseArgs(['bogus']).kind).toBe('help');
  });
});
