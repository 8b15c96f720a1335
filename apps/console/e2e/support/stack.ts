/**
 * The real stack for the browser tests: `node dist/apps/stack/src/main.js` (what `npm start` runs after building) with a
 * temporary data directory, free ports and a known demo password. Stopped with SIGINT, as Ctrl-C would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../../../test/support/free-port';

export const repoRoot = resolve(__dirname, '..', '..', '..', '..');
export const DEMO_PASSWORD = 'console-e2e-demo-password';

export interface RunningStack {
  url: string;
  stop(): Promise<void>;
}

export async function startStack(): Promise<RunningStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nrm-console-e2e-'));
  chmodSync(dataDir, 0o755); // PostgreSQL's own OS user traverses it when the tests run as root
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: '1',
    DATA_DIR: dataDir,
    NRM_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    TEMPORAL_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    OIDC_EMBEDDED_PORT: String(await freePort()),
    DEMO_PASSWORD,
  };
  const child: ChildProcess = spawn(process.execPath, ['dist/apps/stack/src/main.js'], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`The stack did not start in time:\n${output.slice(-30).join('\n')}`)),
      180_000,
    );
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      output.push(...parts);
      const consoleLine = output.find((l) => /Console: http/.test(l));
      if (consoleLine && output.some((l) => l.includes('GraphQL endpoint'))) {
        clearTimeout(timer);
        ok(/Console: (http:\/\/[^\s/]+)/.exec(consoleLine)?.[1] ?? `http://127.0.0.1:${port}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`The stack exited (${code}):\n${output.slice(-30).join('\n')}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(-child.pid, 'SIGINT');
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
