import { ApplicationFailure, Context } from '@temporalio/activity';
import { type DataSource, type EntityManager } from 'typeorm';
import { NonRetryableType } from '@lib/contracts';
import { type DeadlinePolicy, DomainError, ReferralStatus } from '@lib/domain';
import { AuditWriter, SYSTEM_ACTOR_ID } from '@lib/audit';
import { TimelineWriter } from '@lib/cases';
import { inTransaction, preparedQuery } from '@lib/persistence';
import { ReferralLifecycleWriter } from '@lib/referrals';
import { TaskWriter } from '@lib/tasks';
import { loadDeadlinePolicyFromEnv, type DeadlinePolicySource } from './deadline-policy.loader';

/** Test hook: called after an activity's transaction committed; throwing makes that attempt fail (and retry). */
export type FaultInjector = (activity: string, attempt: number) => void;

export interface ReferralProcessOptions {
  policy?: DeadlinePolicySource;
  faults?: FaultInjector;
}

/** Rolls the transaction back and returns `value` (outcomes that must not be memoised, e.g. "no consent yet"). */
export class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

const DOMAIN_TO_FAILURE: Record<string, NonRetryableType> = {
  BAD_INPUT: NonRetryableType.BAD_INPUT,
  NOT_FOUND: NonRetryableType.NOT_FOUND,
  FORBIDDEN: NonRetryableType.FORBIDDEN,
  CONFLICT: NonRetryableType.CONFLICT,
  INVALID_TRANSITION: NonRetryableType.INVALID_TRANSITION,
  CONSENT_REQUIRED: NonRetryableType.CONSENT_REQUIRED,
  UNAUTHENTICATED: NonRetryableType.FORBIDDEN,
};

function nonRetryable(type: NonRetryableType, message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}

function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // called outside an activity (unit tests)
  }
}

export function iso(d: Date): string {
  return d.toISOString();
}

/** Referral statuses in which a referral is still active (can be withdrawn). */
export const ACTIVE: readonly ReferralStatus[] = [
  ReferralStatus.PENDING,
  ReferralStatus.ACCEPTED,
  ReferralStatus.ESCALATED,
];

/**
 * What every referral-process activity runs on: its transaction, its dedupe key, the audit writer, the deadline
 * policy in force, and the mapping of domain errors to non-retryable failures.
 *
 * Each writing activity runs ONE transaction that starts by claiming its dedupe key in `idempotency_records`
 * (actor = system, key = `<workflowId>/<business key>`). A retry after a commit finds the key and returns the recorded
 * result, so tasks, timeline entries and audit events are written once; a concurrent duplicate blocks on the key until
 * the first commits. Tasks and timeline entries also carry unique dedupe keys of their own.
 */
export class ActivityRunner {
  readonly audit = new AuditWriter();
  /** The one writer of referral transitions, shared with the API's services. */
  readonly lifecycle = new ReferralLifecycleWriter(this.audit, new TimelineWriter(), new TaskWriter());
  private readonly policy: DeadlinePolicySource;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ReferralProcessOptions = {},
  ) {
    this.policy = options.policy ?? (() => loadDeadlinePolicyFromEnv());
  }

  /**
   * Runs `work` once per key, in one transaction, and returns its (JSON) result; replays return the recorded result.
   * Domain errors become non-retryable failures; anything else (connection loss, deadlock) is retried by Temporal.
   */
  async once<T>(activity: string, key: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await inTransaction(this.dataSource, async (m) => {
        const claimed = await preparedQuery(
          m,
          `INSERT INTO idempotency_records (actor_id, key, operation, request_hash)
           VALUES ($1, $2, $3, '') ON CONFLICT (actor_id, key) DO NOTHING RETURNING key`,
          [SYSTEM_ACTOR_ID, key, activity],
        );
        if (claimed.length === 0) {
          const rows = await preparedQuery<{ result_id: string | null }>(
            m,
            `SELECT result_id FROM idempotency_records WHERE actor_id = $1 AND key = $2`,
            [SYSTEM_ACTOR_ID, key],
          );
          return JSON.parse(rows[0]?.result_id ?? 'null') as T;
        }
        const value = await work(m);
        await preparedQuery(
          m,
          `UPDATE idempotency_records SET result_id = $3 WHERE actor_id = $1 AND key = $2`,
          [SYSTEM_ACTOR_ID, key, JSON.stringify(value ?? null)],
        );
        return value;
      });
    } catch (error) {
      if (error instanceof Rollback) return error.value as T;
      throw this.toFailure(error);
    }
    this.options.faults?.(activity, currentAttempt());
    return result;
  }

  /** A read-only step (no dedupe needed). */
  async read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await work(this.dataSource.manager);
    } catch (error) {
      throw this.toFailure(error);
    }
  }

  toFailure(error: unknown): Error {
    if (error instanceof DomainError) {
      return nonRetryable(DOMAIN_TO_FAILURE[error.code] ?? NonRetryableType.BAD_INPUT, error.message);
    }
    return error instanceof Error ? error : new Error('activity failed');
  }

  policyNow(): DeadlinePolicy {
    try {
      return this.policy();
    } catch (error) {
      // A broken policy file is an operator error: fail loudly, do not retry forever on the same bad file.
      if (error instanceof DomainError) throw nonRetryable(NonRetryableType.BAD_INPUT, error.message);
      throw error;
    }
  }
}
