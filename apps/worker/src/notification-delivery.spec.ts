import { gatherMsFromEnv } from './notification-delivery';

describe('gatherMsFromEnv', () => {
  it("unset or empty: the dispatcher's default", () => {
    expect(gatherMsFromEnv({})).toBeUndefined();
    expect(gatherMsFromEnv({ NOTIFICATION_GATHER_MS: '' })).toBeUndefined();
  });
  it('reads whole milliseconds and refuses anything else', () => {
    expect(gatherMsFromEnv({ NOTIFICATION_GATHER_MS: '1000' })).toBe(1000);
    expect(gatherMsFromEnv({ NOTIFICATION_GATHER_MS: '0' })).toBe(0);
    for (const bad of ['x', '-1', '2.5', '60001'])
      expect(() => gatherMsFromEnv({ NOTIFICATION_GATHER_MS: bad })).toThrow('NOTIFICATION_GATHER_MS');
  });
});
