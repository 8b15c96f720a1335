import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';

export interface DataSourceTuning {
  /** Connection pool size (pg `max`). Default 10. */
  poolSize?: number;
  /** TypeORM query logging; never turn on in production (parameters may hold ciphertext or ids). */
  logging?: boolean;
  applicationName?: string;
  /**
   * Run this pool's named prepared statements (`preparedQuery`) on their generic plan always
   * (`plan_cache_mode=force_generic_plan`), instead of PostgreSQL's choice after five runs. Its choice compares cost
   * estimates that are within a few percent of each other for the inbox page, so it may plan every request anew
   * (measured: 0.5-0.75 ms of planning against 0.4-0.55 ms of execution). For processes whose named statements'
   * generic plans are known good at scale (the API: id lookups, the inbox and the caseload, EXPLAINed at 200k-1M
   * cases); unnamed statements are planned per execution either way.
   */
  genericPlans?: boolean;
}

/** The one set of DataSource options: PostgreSQL, snake_case names, explicit migrations, never `synchronize`. */
export function dataSourceOptions(url: string, tuning: DataSourceTuning = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    dropSchema: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    logging: tuning.logging ?? false,
    applicationName: tuning.applicationName ?? 'nrm-engine',
    extra: { max: tuning.poolSize ?? 10, ...(tuning.genericPlans ? { options: '-c plan_cache_mode=force_generic_plan' } : {}) },
  };
}

/** Creates and initialises a DataSource for `url`. */
export async function createDataSource(url: string, tuning: DataSourceTuning = {}): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(url, tuning));
  await dataSource.initialize();
  return dataSource;
}

/** Applies pending migrations (each in its own transaction); returns the names applied. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** Reverts the most recent migration; returns whether one was reverted. */
export async function revertLastMigration(dataSource: DataSource): Promise<boolean> {
  const before = await dataSource.query<{ n: string }[]>(`SELECT count(*)::text AS n FROM typeorm_migrations`).catch(() => [{ n: '0' }]);
  if (Number(before[0]?.n ?? '0') === 0) return false;
  await dataSource.undoLastMigration({ transaction: 'each' });
  return true;
}
