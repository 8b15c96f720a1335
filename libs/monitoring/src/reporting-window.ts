import { DomainError, dateRangeProblem, plausibleDateRange } from '@lib/domain';

/** Longest period a monitoring report may cover in one request. */
export const MAX_REPORTING_DAYS = 366;
/** Period covered when the caller gives none: the last 30 days. */
export const DEFAULT_REPORTING_DAYS = 30;

const DAY_MS = 86_400_000;

export interface ReportingWindow {
  from: Date;
  to: Date;
}

/**
 * The period of a monitoring report, [from, to): defaults to the last 30 days up to `now`; `from` must precede
 * `to`, both lie between 2000-01-01 and one day ahead,
 * and the period may not exceed a year. Errors carry field paths under `path` (e.g. ['period', 'from']).
 */
export function reportingWindow(input: { from?: Date | null; to?: Date | null }, now: Date, path: string[] = []): ReportingWindow {
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - DEFAULT_REPORTING_DAYS * DAY_MS);
  if (Number.isNaN(to.getTime())) throw DomainError.badInput('Invalid period', [{ path: [...path, 'to'], message: 'must be a date-time' }]);
  if (Number.isNaN(from.getTime())) throw DomainError.badInput('Invalid period', [{ path: [...path, 'from'], message: 'must be a date-time' }]);
  const range = plausibleDateRange('REPORTING_PERIOD', now);
  for (const [field, date] of [['from', from], ['to', to]] as const) {
    const problem = dateRangeProblem(date, range);
    if (problem !== null) throw DomainError.badInput('Invalid period', [{ path: [...path, field], message: problem }]);
  }
  if (from.getTime() >= to.getTime()) {
    throw DomainError.badInput('Invalid period', [{ path: [...path, 'from'], message: 'must be before to' }]);
  }
  if (to.getTime() - from.getTime() > MAX_REPORTING_DAYS * DAY_MS) {
    throw DomainError.badInput('Invalid period', [{ path: [...path, 'from'], message: `the period may not exceed ${MAX_REPORTING_DAYS} days` }]);
  }
  return { from, to };
}
