import { connectTimeoutMsFromEnv, connectWithRetry } from './connect-with-retry';

describe('connectWithRetry', () => {
  const clock = () => {
    let t = 0;
    return { now: () => t, sleep: (ms: number) => Promise.resolve(void (t += ms)) };
  };

  it('retries with backoff until the server answers', async () => {
    const c = clock();
    const retries: number[] = [];
    let calls = 0;
    const connection = await connectWithRetry(
      () => (++calls < 4 ? Promise.reject(new Error('refused')) : Promise.resolve('connected')),
      { timeoutMs: 60_000, ...c, onRetry: (attempt) => retries.push(attempt) },
    );
    expect(connection).toBe('connected');
    expect(retries).toEqual([1, 2, 3]);
    expect(c.now()).toBe(250 + 500 + 1000);
  });

  it('gives up with the last error once the timeout has passed', async () => {
    const c = clock();
    class TransportError extends Error {}
    await expect(connectWithRetry(() => Promise.reject(new TransportError('down')), { timeoutMs: 3000, ...c })).rejects.toBeInstanceOf(TransportError);
    expect(c.now()).toBeLessThanOrEqual(3000);
  });

  it('reads its timeout from the environment', () => {
    expect(connectTimeoutMsFromEnv({})).toBe(60_000);
    expect(connectTimeoutMsFromEnv({ TEMPORAL_CONNECT_TIMEOUT_SECONDS: '0' })).toBe(0);
    expect(() => connectTimeoutMsFromEnv({ TEMPORAL_CONNECT_TIMEOUT_SECONDS: 'soon' })).toThrow('whole number');
  });
});
