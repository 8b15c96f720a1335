import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type SignedAuditCheckpoint } from './audit-checkpoint';

/**
 * Where signed checkpoints are kept, outside the database. A directory today (`DirectoryCheckpointStore`); object
 * storage with a retention lock (S3 Object Lock, GCS bucket lock) is the intended production target and only needs
 * this interface. Whatever the target, the database's credentials must not be able to delete from it.
 */
export interface AuditCheckpointStore {
  /** For logs: where checkpoints go (no secrets). */
  readonly description: string;
  /** Stores a new checkpoint (never overwrites one) and returns its location. */
  write(checkpoint: SignedAuditCheckpoint): Promise<string>;
  /** The newest stored checkpoint of `scope`, parsed but NOT verified (the caller verifies); null when none. */
  latest(scope: string): Promise<{ location: string; content: unknown } | null>;
}

const NAME = /^checkpoint-\d{8}T\d{9}Z-[0-9a-f]{8}\.json$/;

/** A scope as a directory name: readable and collision-free. */
function scopeDir(scope: string): string {
  const readable = scope.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
  return `${readable}-${createHash('sha256').update(scope).digest('hex').slice(0, 8)}`;
}

/**
 * Checkpoints as files `<dir>/<scope>/checkpoint-<UTC time>-<random>.json` (0600; directories 0700), written to a
 * temporary file, fsynced and renamed into place, so a crash never leaves a partial checkpoint under a final name.
 */
export class DirectoryCheckpointStore implements AuditCheckpointStore {
  readonly description: string;

  constructor(private readonly dir: string) {
    this.description = `directory ${dir}`;
  }

  async write(checkpoint: SignedAuditCheckpoint): Promise<string> {
    const dir = join(this.dir, scopeDir(checkpoint.scope));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const stamp = checkpoint.takenAt.replace(/[-:.]/g, '');
    const name = `checkpoint-${stamp}-${randomUUID().slice(0, 8)}.json`;
    const tmp = join(dir, `.${name}.tmp`);
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(checkpoint, null, 1)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, join(dir, name));
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
    return join(dir, name);
  }

  async latest(scope: string): Promise<{ location: string; content: unknown } | null> {
    const dir = join(this.dir, scopeDir(scope));
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const newest = names
      .filter((n) => NAME.test(n))
      .sort()
      .pop();
    if (!newest) return null;
    const location = join(dir, newest);
    const text = await readFile(location, 'utf8');
    try {
      return { location, content: JSON.parse(text) as unknown };
    } catch {
      return { location, content: null };
    }
  }
}

/** `AUDIT_CHECKPOINT_DIR`, else `<repo>/.data/audit-checkpoints` (or `$NRM_DATA_DIR/audit-checkpoints`). */
export function defaultCheckpointDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUDIT_CHECKPOINT_DIR) return resolve(env.AUDIT_CHECKPOINT_DIR);
  if (env.NRM_DATA_DIR) return join(resolve(env.NRM_DATA_DIR), 'audit-checkpoints');
  const fromDist = __dirname.split(/[\\/]/).includes('dist') ? ['..'] : [];
  return resolve(__dirname, '..', '..', '..', ...fromDist, '.data', 'audit-checkpoints');
}

/** The configured store (a directory; see AuditCheckpointStore for other targets). */
export function checkpointStoreFromEnv(env: NodeJS.ProcessEnv = process.env): AuditCheckpointStore {
  return new DirectoryCheckpointStore(defaultCheckpointDir(env));
}
