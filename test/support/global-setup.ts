import './lib-alias';
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminQuery, withDatabase } from './admin-sql';
import { freePort } from './free-port';
import { createDataSource, runMigrations } from '../../libs/persistence/src/data-source';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../libs/persistence/src/embedded-postgres';
import { seedDemoData } from '../../libs/persistence/src/seed/demo-seed';
import { EXTERNAL_TEST_PG_ENV, TEST_PG_ADMIN_URL_ENV, TEST_PG_SEEDED_TEMPLATE_ENV, TEST_PG_TEMPLATE_ENV } from './env';

/**
 * Jest globalSetup (integration and e2e projects): ONE embedded PostgreSQL for the whole run (temp dir, free port),
 * migrations applied once into a template database (and a second template with the demo seed). Each test file then
 * clones a template (`createTestDatabase()`), which takes tens of milliseconds instead of re-migrating.
 */
export interface HarnessState {
  embedded?: EmbeddedPostgresHandle;
  dir?: string;
  adminUrl: string;
  templates: string[];
}

const STATE_KEY = '__nrmTestPostgres';

async function buildTemplate(adminUrl: string, name: string, seed: boolean): Promise<void> {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const dataSource = await createDataSource(withDatabase(adminUrl, name), { poolSize: 2 });
  try {
    await runMigrations(dataSource);
    if (seed) await seedDemoData(dataSource);
  } finally {
    await dataSource.destroy();
  }
  // A template must have no connections while cloned; mark it as a template so nobody connects by mistake.
  await adminQuery(adminUrl, `ALTER DATABASE "${name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const state: HarnessState = { adminUrl: '', templates: [] };
  const external = process.env[EXTERNAL_TEST_PG_ENV];
  if (external) {
    state.adminUrl = external;
  } else {
    state.dir = mkdtempSync(join(tmpdir(), 'nrm-test-pg-'));
    try {
      state.embedded = await startEmbeddedPostgres({ dataDir: state.dir, port: await freePort(), unsafeFast: true });
    } catch (error) {
      rmSync(state.dir, { recursive: true, force: true });
      throw error;
    }
    state.adminUrl = state.embedded.adminUrl;
  }
  const suffix = `${process.pid}`;
  const template = `nrm_tpl_${suffix}`;
  const seeded = `nrm_tpl_seeded_${suffix}`;
  state.templates = [template, seeded];
  await buildTemplate(state.adminUrl, template, false);
  await buildTemplate(state.adminUrl, seeded, true);

  process.env[TEST_PG_ADMIN_URL_ENV] = state.adminUrl;
  process.env[TEST_PG_TEMPLATE_ENV] = template;
  process.env[TEST_PG_SEEDED_TEMPLATE_ENV] = seeded;
  (globalThis as Record<string, unknown>)[STATE_KEY] = state;
  if (state.dir) {
    writeFileSync(join(state.dir, 'harness.json'), JSON.stringify({ adminUrl: state.adminUrl, template, seeded }), { mode: 0o600 });
  }
  if (process.env.NRM_TEST_PG_VERBOSE) process.stderr.write(`\n[test-pg] ready in ${Date.now() - started} ms\n`);
}

export { STATE_KEY };
