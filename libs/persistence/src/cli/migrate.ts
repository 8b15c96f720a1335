/**
 * `npm run migrate [-- up|down|status]`: applies pending migrations (default), reverts the last one, or lists them.
 * Connects to DATABASE_URL, or to the embedded cluster under `<repo>/.data/postgres` (started for the run).
 */
import 'reflect-metadata';
import { revertLastMigration, runMigrations } from '../data-source';
import { runDatabaseCommand } from './database-command';

const command = process.argv[2] ?? 'up';
if (!['up', 'down', 'status'].includes(command)) {
  process.stderr.write('usage: migrate [up|down|status]\n');
  process.exit(2);
}

runDatabaseCommand('migrate', async (dataSource) => {
  if (command === 'up') {
    const applied = await runMigrations(dataSource);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
  } else if (command === 'down') {
    process.stdout.write((await revertLastMigration(dataSource)) ? 'reverted the last migration\n' : 'nothing to revert\n');
  } else {
    const pending = await dataSource.showMigrations();
    const done = await dataSource.query<{ name: string }[]>(`SELECT name FROM typeorm_migrations ORDER BY id`).catch(() => []);
    process.stdout.write(`applied: ${done.map((r) => r.name).join(', ') || '(none)'}\npending: ${pending ? 'yes' : 'no'}\n`);
  }
  return 0;
});
