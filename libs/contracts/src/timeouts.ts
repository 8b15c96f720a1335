/**
 * Activity timeouts and retry policies, and workflow limits. Plain data (no SDK types) so workflows and tests share it.
 * Activities are short database transactions: a 30 s start-to-close bounds a stuck connection; retries back off
 * from 1 s to 1 min and never stop for transient faults (a late escalation is better than a failed workflow). Domain refusals
 * (not found, forbidden, invalid transition, no consent) are thrown as non-retryable ApplicationFailures with these types.
 */
export const ACTIVITY_START_TO_CLOSE_MS = 30_000;

export const ACTIVITY_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
} as const;

/** Failure types an activity marks non-retryable; the workflow (or update caller) sees them unchanged. */
export enum NonRetryableType {
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  BAD_INPUT = 'BAD_INPUT',
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  CONFLICT = 'CONFLICT',
}

export const NON_RETRYABLE_TYPES: readonly string[] = Object.values(NonRetryableType);

/** Continue-as-new when the history gets longer than this, even if the server has not suggested it. */
export const CASE_HISTORY_EVENT_LIMIT = 2_000;
