import { type DataSource, type EntityManager } from 'typeorm';
import { type IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  /**
   * Extra attempts after a serialization failure (40001) or deadlock (40P01). Default 2. Only for work that is safe
   * to re-run as a whole (everything inside `work` must go through the given manager).
   */
  retries?: number;
}

const RETRYABLE = new Set(['40001', '40P01']);

function pgCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const direct = (error as { code?: unknown }).code;
  if (typeof direct === 'string') return direct;
  const inner = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof inner === 'string' ? inner : undefined;
}

/**
 * Runs `work` in one database transaction and returns its result; rolls back if it throws. Pass the manager on to
 * everything that must commit atomically (the change AND its audit event: `AuditWriter.record(manager, ...)`).
 * When already inside a transaction, pass that manager instead: nested calls reuse it (no savepoint).
 */
export async function inTransaction<T>(
  source: DataSource | EntityManager,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if ('queryRunner' in source && source.queryRunner?.isTransactionActive) {
    return work(source);
  }
  const retries = options.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    try {
      return options.isolationLevel
        ? await source.transaction(options.isolationLevel, work)
        : await source.transaction(work);
    } catch (error) {
      const code = pgCode(error);
      if (attempt < retries && code !== undefined && RETRYABLE.has(code)) continue;
      throw error;
    }
  }
}

/** PostgreSQL error code of a failed query (e.g. `23505` unique violation), if any. */
export function postgresErrorCode(error: unknown): string | undefined {
  return pgCode(error);
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
