/**
 * `npm run restore -- <backup-dir>`: lays a backup made by `npm run backup` out as the embedded cluster of an EMPTY
 * data directory (`.data/postgres`, or NRM_DATA_DIR). Restore the keys (`.data/keys`) from their own backup, then
 * `npm start`: the server replays the backup's write-ahead log, and pending referrals and their deadlines continue.
 */
import { join, resolve } from 'node:path';
import { restoreCluster } from '../backup/physical-backup';
import { ensurePostgresOsUser, localDataDir } from '../embedded-postgres';

try {
  const backup = process.argv[2];
  if (!backup) throw new Error('usage: npm run restore -- <backup-dir>');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const dataDir = join(localDataDir(), 'postgres');
  const manifest = restoreCluster(resolve(backup), dataDir, root ? ensurePostgresOsUser() : null);
  process.stdout.write(
    `restored the backup of ${manifest.createdAt} into ${dataDir}; restore the keys, then npm start\n`,
  );
} catch (error) {
  process.stderr.write(`restore failed: ${error instanceof Error ? error.message : 'unknown error'}\n`);
  process.exit(1);
}
