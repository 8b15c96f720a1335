import { cronBackoffMs, nextCronTime, parseCron } from './cron';

const at = (iso: string): number => Date.parse(iso);

describe('cron schedules (UTC, as the server reads cronSchedule)', () => {
  it('finds the next time of five-field schedules', () => {
    expect(nextCronTime(parseCron('0 * * * *'), at('2026-03-01T10:15:30Z'))).toBe(at('2026-03-01T11:00:00Z'));
    expect(nextCronTime(parseCron('*/15 9-17 * * mon-fri'), at('2026-03-06T17:50:00Z'))).toBe(at('2026-03-09T09:00:00Z'));
    expect(nextCronTime(parseCron('30 2 1 jan,jul *'), at('2026-03-01T00:00:00Z'))).toBe(at('2026-07-01T02:30:00Z'));
    expect(nextCronTime(parseCron('0 0 * * 7'), at('2026-03-02T00:00:00Z'))).toBe(at('2026-03-08T00:00:00Z'));
    // Both day fields restricted: either matches.
    expect(nextCronTime(parseCron('0 0 13 * 5'), at('2026-03-01T00:00:00Z'))).toBe(at('2026-03-06T00:00:00Z'));
  });

  it('reads descriptors and @every, and is strictly after the given time', () => {
    expect(nextCronTime(parseCron('@daily'), at('2026-03-01T00:00:00Z'))).toBe(at('2026-03-02T00:00:00Z'));
    expect(nextCronTime(parseCron('@every 1h30m'), at('2026-03-01T00:00:00.250Z'))).toBe(at('2026-03-01T01:30:00Z'));
  });

  it('rounds the backoff up to whole seconds', () => {
    expect(cronBackoffMs(parseCron('0 * * * *'), at('2026-03-01T10:59:59.300Z'))).toBe(1000);
  });

  it('rejects malformed schedules', () => {
    for (const bad of ['61 * * * *', '* * * *', 'a b c d e', '*/0 * * * *', '5-1 * * * *', '@every soon']) {
      expect(() => parseCron(bad)).toThrow();
    }
  });
});
