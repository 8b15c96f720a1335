import { createHash } from 'node:crypto';
import { type PoolClient } from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';

/*
 * Statements on the per-referral paths run as named prepared statements: PostgreSQL parses and plans a statement
 * once per connection instead of at every call. Measured in the referral bench (pg_stat_statements with
 * track_planning): planning alone was ~2 ms of PostgreSQL CPU per referral, parsing comes on top, against ~3 ms of
 * execution.
 *
 * The text must come from a fixed set (SQL written in the code, or built from entity metadata), never with values
 * spliced in: every distinct text is a statement kept on each connection. As a guard, past MAX_NAMED distinct texts
 * in this process further ones run unnamed.
 */

const MAX_NAMED = 2000;
const names = new Map<string, string>();

/**
 * The name of `text` as a prepared statement (the same on every connection: a hash of the text), or undefined past
 * MAX_NAMED distinct texts in this process (run it unnamed then). Also for pools of their own (@lib/notifications).
 */
export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMED) return known;
  const name = `nrm_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
  names.set(text, name);
  return name;
}

/**
 * Runs `text` with `values` on the manager's connection (its transaction, if it has one; else a pooled connection)
 * as a named prepared statement, and returns the rows (also for UPDATE/DELETE … RETURNING, unlike `manager.query`).
 * `prepare: false` runs it unnamed: for texts that vary (e.g. with a batch's size) and would fill the connections.
 * Errors are TypeORM's QueryFailedError, as from `manager.query`.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  text: string,
  values: readonly unknown[] = [],
  options: { prepare?: boolean } = {},
): Promise<T[]> {
  const owned = manager.queryRunner === undefined;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const name = options.prepare === false ? undefined : statementName(text);
    try {
      const result = await client.query<T & object>(
        name === undefined ? { text, values: [...values] } : { name, text, values: [...values] },
      );
      return result.rows;
    } catch (error) {
      throw new QueryFailedError(text, [...values], error as Error);
    }
  } finally {
    if (owned) await runner.release();
  }
}
