import { randomBytes } from 'node:crypto';
import { adminQuery, withDatabase } from './admin-sql';
import { type DataSource } from 'typeorm';
import { createDataSource } from '@lib/persistence';
import { TEST_PG_ADMIN_URL_ENV, TEST_PG_SEEDED_TEMPLATE_ENV, TEST_PG_TEMPLATE_ENV } from './env';

export interface TestDatabase {
  /** Initialised TypeORM DataSource on the new database (all migrations applied). */
  dataSource: DataSource;
  /** Connection URL of the new database (e.g. to boot the API against it: `DATABASE_URL`). */
  url: string;
  /** Connection URL of the server's maintenance database, as a superuser. */
  adminUrl: string;
  name: string;
  /** Destroys the DataSource and drops the database. Idempotent. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Clone the template that also holds the demo seed (organisations + staff, `@lib/persistence` DEMO_*). */
  seeded?: boolean;
  /** DataSource pool size. Default 5. */
  poolSize?: number;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run through jest's integration or e2e project (test/support/global-setup.ts)`);
  }
  return value;
}

/**
 * A fresh, isolated database for one test file (or one test): a clone of the migrated template
 * (`CREATE DATABASE ... TEMPLATE ...`). Call `drop()` in `afterAll`.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = requireEnv(TEST_PG_ADMIN_URL_ENV);
  const template = requireEnv(options.seeded ? TEST_PG_SEEDED_TEMPLATE_ENV : TEST_PG_TEMPLATE_ENV);
  const name = `nrm_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = withDatabase(adminUrl, name);
  let dataSource: DataSource;
  try {
    dataSource = await createDataSource(url, { poolSize: options.poolSize ?? 5 });
  } catch (error) {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  let dropped = false;
  return {
    dataSource,
    url,
    adminUrl,
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      if (dataSource.isInitialized) await dataSource.destroy();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
