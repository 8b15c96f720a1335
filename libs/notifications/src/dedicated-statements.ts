import { Pool } from 'pg';
import { statementName } from '@lib/persistence';

/**
 * A connection or two of their own, kept open, for the few statements that run on EVERY notification: the API's live
 * check, the relay's claim, the e-mail read. Why not the process's pool: PostgreSQL plans a prepared statement afresh
 * on each of its first five executions on a connection (custom plans), then once more for the generic plan it then
 * keeps. These statements are large (the case-reach and task-scope sub-selects: 1.5 to 2 ms to plan on a quiet
 * machine, up to 9 ms under load), so spread over a pool of 10 to 20 connections, each replaced when idle for 10 s,
 * they were planned six times per connection (visibleToEach: 110 plans in 500 referrals, ~1.9 ms of PostgreSQL per
 * referral) and the relay's claim and e-mail read, a few per connection, at every call. On connections of their own
 * that stay open, with generic plans from the first run (below), they are planned once per connection.
 *
 * Statements run as named prepared statements (`named`, the default; the text must then come from a bounded set, as
 * with @lib/persistence preparedQuery) or unnamed. A lost connection is replaced by the pool at the next statement.
 * No transaction spans two calls: each statement is atomic on its own.
 */
export class DedicatedStatements {
  private readonly pool: Pool;
  private ended: Promise<void> | null = null;

  constructor(databaseUrl: string, options: { applicationName: string; connections?: number }) {
    this.pool = new Pool({
      connectionString: databaseUrl,
      application_name: options.applicationName,
      max: options.connections ?? 1,
      // Their generic plan at once, not after five custom ones: each selects by ids (primary keys, the outbox's index),
      // and the generic plans are the same index probes as the custom ones (EXPLAIN on the bench's data). A statement
      // run once per batch (the e-mail read, ~20 times in the bench's 500 referrals) never got past its custom plans.
      options: '-c plan_cache_mode=force_generic_plan',
      // Kept open (their prepared statements and plans with them); they never hold the process open by themselves.
      idleTimeoutMillis: 0,
      allowExitOnIdle: true,
    });
    // An idle connection lost (server restart): the pool drops it and connects again at the next statement.
    this.pool.on('error', () => undefined);
  }

  async query<T>(text: string, values: readonly unknown[] = [], named = true): Promise<T[]> {
    const name = named ? statementName(text) : undefined;
    const result = await this.pool.query<T & object>(
      name === undefined ? { text, values: [...values] } : { name, text, values: [...values] },
    );
    return result.rows;
  }

  end(): Promise<void> {
    return (this.ended ??= this.pool.end());
  }
}
