import { shutdownGraceMs, withinGrace } from './drain';

describe('grace period', () => {
  it('SHUTDOWN_GRACE_SECONDS defaults to 25 s and refuses nonsense', () => {
    expect(shutdownGraceMs({})).toBe(25_000);
    expect(shutdownGraceMs({ SHUTDOWN_GRACE_SECONDS: '60' })).toBe(60_000);
    expect(() => shutdownGraceMs({ SHUTDOWN_GRACE_SECONDS: '0' })).toThrow('SHUTDOWN_GRACE_SECONDS');
  });
  it('tells whether the work finished within the grace period', async () => {
    await expect(withinGrace(Promise.resolve(), 50)).resolves.toBe(true);
    await expect(withinGrace(new Promise((r) => setTimeout(r, 500)), 20)).resolves.toBe(false);
  });
});
