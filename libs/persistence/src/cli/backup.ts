/**
 * `npm run backup -- <target-dir>`: online backup of the embedded PostgreSQL cluster under `.data/postgres` (or
 * NRM_DATA_DIR), whether `npm start` runs or not: application schema, audit chain and the embedded Temporal server's
 * state in one consistent copy. The keys (`.data/keys`) are NOT in it: back them up separately (deploy/README.md).
 * With DATABASE_URL (your own PostgreSQL), use that server's backup tooling instead.
 */
import { resolve, join } from 'node:path';
import { backupCluster } from '../backup/physical-backup';
import { localDataDir, resolveDatabaseUrl } from '../embedded-postgres';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: npm run backup -- <target-dir>');
  if (process.env.DATABASE_URL)
    throw new Error(
      'DATABASE_URL is set: back up that server with its own tooling (pg_dump / pg_basebackup)',
    );
  const db = await resolveDatabaseUrl();
  try {
    const manifest = await backupCluster(
      db.embedded!.adminUrl,
      join(localDataDir(), 'postgres'),
      resolve(target),
    );
    process.stdout.write(
      `backup written to ${resolve(target)} (PostgreSQL ${manifest.serverVersion}, ${manifest.startLsn}..${manifest.stopLsn}); keys are not in it\n`,
    );
  } finally {
    await db.embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`backup failed: ${error instanceof Error ? error.message : 'unknown error'}\n`);
    process.exit(1);
  },
);
