import { proxyActivities } from '@temporalio/workflow';
import {
  ACTIVITY_RETRY,
  ACTIVITY_SCHEDULE_TO_CLOSE_MS,
  ACTIVITY_START_TO_CLOSE_MS,
  NON_RETRYABLE_TYPES,
  type ReferralProcessActivities,
} from '@lib/contracts';

/**
 * Database-writing activities: explicit timeouts, exponential retries, domain refusals non-retryable.
 * The schedule-to-close bound keeps a broken database from holding a workflow forever; the workflow then fails
 * loudly (visible to operators) instead of silently missing a deadline.
 */
export const acts = proxyActivities<ReferralProcessActivities>({
  startToCloseTimeout: ACTIVITY_START_TO_CLOSE_MS,
  scheduleToCloseTimeout: ACTIVITY_SCHEDULE_TO_CLOSE_MS,
  retry: { ...ACTIVITY_RETRY, nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
});

/** Milliseconds from workflow-now until `iso` (may be negative). */
export function msUntil(iso: string): number {
  return new Date(iso).getTime() - Date.now();
}

export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}
