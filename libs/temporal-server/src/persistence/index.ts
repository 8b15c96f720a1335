/**
 * Durable mode of the embedded server: state in the application's PostgreSQL (schema `temporal_embedded`).
 * `openPersistence` migrates, recovers the stored state into a fresh engine, registers the write-behind persister as
 * the store's commit listener and starts the retention sweeper. The gRPC layer awaits `flushed()` before answering.
 */
import { Client, Pool } from 'pg';
import type { Engine } from '../engine/engine';
import { migrate, SCHEMA } from './schema';
import { PgPersister, type PersisterStats } from './pg-persister';
import { recover, type RecoveryResult } from './recovery';
import { RetentionSweeper, retentionMsOf } from './retention';

const OWNER_LOCK = 'temporal_embedded.owner';

export { DEFAULT_RETENTION_DAYS, retentionMsOf } from './retention';
export { SCHEMA } from './schema';

export interface PersistenceOptions {
  databaseUrl: string;
  /** Closed executions are deleted after this many days (default 30). */
  retentionDays?: number;
  /** Overrides retentionDays (tests). */
  retentionMs?: number;
  /** How often the retention sweeper runs (default retention/10, between 1 s and 1 h). */
  sweepIntervalMs?: number;
}

export interface Persistence {
  readonly recovered: RecoveryResult;
  readonly stats: PersisterStats;
  /** Everything committed in the engine so far is durable once this resolves. */
  flushed(): Promise<void>;
  /** Runs the retention sweep now; returns the number of executions deleted. */
  sweep(): number;
  close(): Promise<void>;
}

export async function openPersistence(engine: Engine, opts: PersistenceOptions): Promise<Persistence> {
  const retentionMs = opts.retentionMs ?? retentionMsOf(opts.retentionDays);
  const pool = new Pool({ connectionString: opts.databaseUrl, max: 2, application_name: 'temporal-embedded' });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead
  // One server per database: a session advisory lock held for the life of the process (released by PostgreSQL as
  // soon as the connection drops, also when the process is killed).
  const owner = new Client({ connectionString: opts.databaseUrl, application_name: 'temporal-embedded-owner' });
  owner.on('error', () => undefined);
  try {
    await owner.connect();
    const { rows } = await owner.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [OWNER_LOCK]);
    if (!rows[0]?.ok) throw new Error(`another embedded Temporal server already uses this database (schema ${SCHEMA})`);
    await migrate(pool);
    const persister = new PgPersister(pool, engine);
    const recovered = await recover(engine, pool, persister);
    engine.store.onRemove((runIds) => persister.remove(runIds));
    const sweeper = new RetentionSweeper(engine, retentionMs, opts.sweepIntervalMs);
    sweeper.start();
    engine.retentionMs = retentionMs;
    let closed = false;
    return {
      recovered,
      stats: persister.stats,
      flushed: () => persister.flushed(),
      sweep: () => sweeper.sweep(),
      close: async () => {
        if (closed) return;
        closed = true;
        sweeper.stop();
        await persister.close();
        await pool.end();
        await owner.end().catch(() => undefined);
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    await owner.end().catch(() => undefined);
    throw err;
  }
}
