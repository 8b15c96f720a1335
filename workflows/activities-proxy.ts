import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import {
  ACTIVITY_RETRY,
  ACTIVITY_START_TO_CLOSE_MS,
  NON_RETRYABLE_TYPES,
  type ReferralProcessActivities,
} from '@lib/contracts';

/**
 * Database-writing activities: an explicit start-to-close timeout (a hung connection is abandoned after 30 s and the
 * attempt retried), exponential retries capped at one minute, domain refusals non-retryable. No schedule-to-close
 * bound on purpose: a database outage must delay an escalation, never fail the referral workflow and lose its
 * deadlines; the escalation is written as soon as the database is back (failing attempts are visible to operators).
 */
export const acts = proxyActivities<ReferralProcessActivities>({
  startToCloseTimeout: ACTIVITY_START_TO_CLOSE_MS,
  retry: { ...ACTIVITY_RETRY, nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
});

/**
 * The same activities run as local activities: executed by the worker inside the workflow task that asks for them,
 * recorded as a marker, with no activity task through the server. For short writes on the critical path (opening a
 * referral), this saves a server round trip and a workflow task. Same idempotency (they run at least once: a
 * worker crash mid-task replays the task and runs it again), same retries.
 */
export const localActs = proxyLocalActivities<ReferralProcessActivities>({
  startToCloseTimeout: ACTIVITY_START_TO_CLOSE_MS,
  retry: { ...ACTIVITY_RETRY, nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
});

/** Milliseconds from workflow-now until `iso` (may be negative). */
export function msUntil(iso: string): number {
  return new Date(iso).getTime() - Date.now();
}

export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}
