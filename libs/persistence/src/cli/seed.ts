/** `npm run seed`: applies pending migrations, then upserts the demo organisations and staff (idempotent). */
import 'reflect-metadata';
import { createDataSource, runMigrations } from '../data-source';
import { resolveDatabaseUrl } from '../embedded-postgres';
import { seedDemoData } from '../seed/demo-seed';

async function main(): Promise<void> {
  const db = await resolveDatabaseUrl();
  const dataSource = await createDataSource(db.url, { poolSize: 2, applicationName: 'nrm-seed' });
  try {
    await runMigrations(dataSource);
    const result = await seedDemoData(dataSource);
    process.stdout.write(`seeded ${result.organisations} organisations, ${result.staffMembers} staff members\n`);
  } finally {
    await dataSource.destroy();
    await db.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
