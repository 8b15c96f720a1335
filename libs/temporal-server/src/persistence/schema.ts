/**
 * The embedded server's own schema in the application's PostgreSQL (`temporal_embedded`), migrated by the server itself
 * with `pg` (never by the application's TypeORM migrations). Migrations are append-only; each runs once, in a
 * transaction, under an advisory lock so two servers starting at once do not race.
 */
import type { Pool } from 'pg';
import { log } from '../log';

export const SCHEMA = 'temporal_embedded';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'executions, history events, server meta',
    sql: `
      CREATE TABLE ${SCHEMA}.executions (
        run_id         text PRIMARY KEY,
        namespace      text NOT NULL,
        workflow_id    text NOT NULL,
        -- insertion order: the latest run of a workflow id is its current run
        seq            bigint NOT NULL,
        status         integer NOT NULL,
        start_time_ms  bigint NOT NULL,
        close_time_ms  bigint NOT NULL DEFAULT 0,
        history_length integer NOT NULL,
        -- tagged JSON of the engine's Execution without history, plus the due times of its timers (serialize.ts)
        state          text NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX executions_workflow_idx ON ${SCHEMA}.executions (namespace, workflow_id);
      CREATE INDEX executions_closed_idx ON ${SCHEMA}.executions (close_time_ms) WHERE close_time_ms > 0;
      CREATE TABLE ${SCHEMA}.history_events (
        run_id   text NOT NULL,
        event_id integer NOT NULL,
        -- temporal.api.history.v1.HistoryEvent, protobuf-encoded
        data     bytea NOT NULL,
        PRIMARY KEY (run_id, event_id)
      );
      CREATE TABLE ${SCHEMA}.server_meta (
        key   text PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
];

const LOCK_KEY = 'temporal_embedded.migrations';

/** Applies missing migrations; returns the versions applied now. */
export async function migrate(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${SCHEMA}.schema_migrations`);
    const done = new Set(rows.map((r) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${SCHEMA}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    const newest = Math.max(...done, ...applied, 0);
    const known = Math.max(...MIGRATIONS.map((m) => m.version));
    if (newest > known) throw new Error(`database schema ${SCHEMA} is at version ${newest}, newer than this server knows (${known})`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  if (applied.length) log('info', 'persistence schema migrated', { schema: SCHEMA, applied: applied.join(',') });
  return applied;
}
