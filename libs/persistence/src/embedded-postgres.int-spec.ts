import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../test/support/processes';

/**
 * startEmbeddedPostgres in a child process (the ESM package cannot load inside jest's sandbox): initialises once,
 * data survives a restart, a second start on the same data dir reuses the running server, and it works both as root
 * (runs PostgreSQL as the `postgres` OS user) and as an unprivileged user.
 */
const repo = resolve(__dirname, '..', '..', '..');


function smoke(dataDir: string, port: number, uid?: number, gid?: number): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['scripts/ts-run.js', 'test/support/embedded-smoke.ts', dataDir, String(port)], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    ...(uid !== undefined ? { uid, gid } : {}),
    env: { ...process.env, HOME: tmpdir() },
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

function idOf(user: string): { uid: number; gid: number } | null {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim()),
      gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim()),
    };
  } catch {
    return null;
  }
}

describe('startEmbeddedPostgres', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('initialises once and keeps data across restarts (as the current user)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrm-embedded-'));
    dirs.push(dir);
    const port = await freePort();
    const first = smoke(dir, port);
    // Clients reach it over its Unix socket (cheaper per statement than loopback TCP), the reusing handle too.
    expect(first).toMatchObject({ wasInitialised: false, started: true, secondReused: true, rows: 1, transport: 'unix', reusedTransport: 'unix' });
    const second = smoke(dir, port);
    expect(second).toMatchObject({ wasInitialised: true, started: true, rows: 2 });
    if (process.getuid?.() === 0) {
      // Root: the cluster belongs to the unprivileged `postgres` user, never to root.
      const owner = statSync(join(dir, 'pgdata')).uid;
      expect(owner).toBe(idOf('postgres')!.uid);
      expect(owner).not.toBe(0);
    }
  }, 120_000);

  const nobody = process.getuid?.() === 0 ? idOf('nobody') : null;
  (nobody ? it : it.skip)('works for an unprivileged user too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrm-embedded-user-'));
    dirs.push(dir);
    chownSync(dir, nobody!.uid, nobody!.gid);
    const result = smoke(join(dir, 'pg'), await freePort(), nobody!.uid, nobody!.gid);
    expect(result).toMatchObject({ wasInitialised: false, started: true, rows: 1, uid: nobody!.uid, transport: 'unix' });
  }, 120_000);

  it('falls back to TCP loopback when the socket path would be too long for the kernel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrm-embedded-long-'));
    dirs.push(dir);
    chmodSync(dir, 0o755); // as root, PostgreSQL's own user must be able to traverse it
    const deep = join(dir, 'a-directory-name-long-enough-that-the-socket-path-exceeds-what-sun-path-can-hold');
    const result = smoke(deep, await freePort());
    expect(result).toMatchObject({ started: true, rows: 1, transport: 'tcp', reusedTransport: 'tcp' });
  }, 120_000);
});
