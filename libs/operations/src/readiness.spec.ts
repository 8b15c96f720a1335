import { answerProbe } from './probe-http';
import { Readiness } from './readiness';

describe('Readiness and the probe answers', () => {
  it('ready only when every check passes in time; names outcomes, never error texts', async () => {
    const readiness = new Readiness(
      {
        database: () => Promise.resolve(),
        temporal: () => Promise.reject(new Error('postgres://user:secret@host')),
        slow: () => new Promise((resolve) => setTimeout(resolve, 1000)),
      },
      50,
    );
    const answer = await answerProbe('/ready', { readiness });
    expect(answer?.status).toBe(503);
    expect(JSON.parse(answer!.body)).toEqual({
      ready: false,
      checks: { database: 'ok', temporal: 'failed', slow: 'timeout' },
    });
    expect(answer!.body).not.toContain('secret');
  });

  it('draining makes /ready 503 while /health stays 200', async () => {
    const readiness = new Readiness({ database: () => Promise.resolve() });
    expect((await answerProbe('/ready', { readiness }))?.status).toBe(200);
    readiness.drain();
    const ready = await answerProbe('/ready', { readiness });
    expect(ready?.status).toBe(503);
    expect(JSON.parse(ready!.body)).toEqual({ ready: false, checks: { database: 'ok' }, draining: true });
    expect((await answerProbe('/health', { readiness }))?.status).toBe(200);
    expect(await answerProbe('/metrics', { readiness })).toBeNull();
    expect(await answerProbe('/other', { readiness })).toBeNull();
  });
});
