/** `npm run seed`: applies pending migrations, then upserts the demo organisations and staff (idempotent). */
import 'reflect-metadata';
import { runMigrations } from '../data-source';
import { seedDemoData } from '../seed/demo-seed';
import { runDatabaseCommand } from './database-command';

runDatabaseCommand('seed', async (dataSource) => {
  await runMigrations(dataSource);
  const result = await seedDemoData(dataSource);
  process.stdout.write(`seeded ${result.organisations} organisations, ${result.staffMembers} staff members\n`);
  return 0;
});
