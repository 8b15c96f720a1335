import { DomainError, DomainErrorCode } from '@lib/domain';
import { DEFAULT_REPORTING_DAYS, reportingWindow } from './reporting-window';

const now = new Date('2026-11-22T10:00:00Z');
const day = 86_400_000;

function issues(fn: () => unknown): { code: DomainErrorCode; paths: string[][] } {
  try {
    fn();
  } catch (error) {
    const e = error as DomainError;
    return { code: e.code, paths: e.fields.map((f) => f.path) };
  }
  throw new Error('expected a DomainError');
}

describe('reportingWindow', () => {
  it('defaults to the last 30 days up to now', () => {
    const w = reportingWindow({}, now);
    expect(w.to).toEqual(now);
    expect(now.getTime() - w.from.getTime()).toBe(DEFAULT_REPORTING_DAYS * day);
  });

  it('defaults from to 30 days before a given to', () => {
    const to = new Date('2026-06-01T00:00:00Z');
    expect(reportingWindow({ to }, now).from).toEqual(new Date(to.getTime() - 30 * day));
  });

  it('keeps an explicit period of up to a year', () => {
    const from = new Date('2025-11-22T10:00:00Z');
    expect(reportingWindow({ from, to: now }, now)).toEqual({ from, to: now });
  });

  it('refuses from at or after to, on the from field', () => {
    expect(issues(() => reportingWindow({ from: now, to: now }, now, ['period']))).toEqual({ code: DomainErrorCode.BAD_INPUT, paths: [['period', 'from']] });
    expect(issues(() => reportingWindow({ from: new Date(now.getTime() + 1) }, now)).paths).toEqual([['from']]);
  });

  it('refuses a period longer than 366 days', () => {
    expect(issues(() => reportingWindow({ from: new Date(now.getTime() - 367 * day), to: now }, now)).code).toBe(DomainErrorCode.BAD_INPUT);
  });

  it('refuses an invalid date', () => {
    expect(issues(() => reportingWindow({ to: new Date('x') }, now)).paths).toEqual([['to']]);
  });
});
