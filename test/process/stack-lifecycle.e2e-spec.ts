import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  cleanEnv,
  freePort,
  isAlive,
  spawnNode,
  tempDataDir,
  type RunningProcess,
} from '../support/processes';

/**
 * `npm start` as a person runs it (the built `dist/apps/stack/src/main.js`, its own process group like a terminal's
 * foreground job): killed with SIGKILL it leaves its embedded PostgreSQL behind, which the next start finds and stops
 * with one log line; Ctrl-C (SIGINT to the whole group) stops API → worker → Temporal → database in that order, with
 * no error line, and ends with "Stopped.".
 */
const STACK = 'dist/apps/stack/src/main.js';
const READY = /Stop with Ctrl-C/;

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** A stopped server's process may take a moment to be reaped (it is not this process's child). */
async function gone(pid: number): Promise<void> {
  for (let waited = 0; isAlive(pid) && waited < 5000; waited += 50)
    await new Promise((r) => setTimeout(r, 50));
  expect(isAlive(pid)).toBe(false);
}

describe('npm start: orphaned database and ordered shutdown', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    dataDir = tempDataDir('nrm-stack-');
    env = cleanEnv({
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      OIDC_EMBEDDED_PORT: String(await freePort()),
    });
  });

  afterAll(async () => {
    for (const p of started)
      if (p.child.exitCode === null && p.child.signalCode === null) p.signalGroup('SIGKILL');
    try {
      const pid = postmasterPid(dataDir);
      if (isAlive(pid)) process.kill(pid, 'SIGINT');
    } catch {
      // no server left
    }
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops the database an earlier, killed start left running, then shuts down in order on Ctrl-C', async () => {
    const first = spawnNode(STACK, env);
    started.push(first);
    await first.waitForLine(READY, 180_000);
    const orphan = postmasterPid(dataDir);
    first.child.kill('SIGKILL'); // the node process only, as `kill -9` of npm start's node
    await first.exited;
    expect(isAlive(orphan)).toBe(true);

    const second = spawnNode(STACK, env);
    started.push(second);
    await second.waitForLine(READY, 180_000);
    expect(second.lines.filter((l) => /orphan/i.test(l))).toEqual([
      expect.stringContaining(`stopped an orphaned embedded PostgreSQL (pid ${orphan})`),
    ]);
    await gone(orphan);
    const server = postmasterPid(dataDir);
    expect(server).not.toBe(orphan);

    const before = second.lines.length;
    second.signalGroup('SIGINT'); // what a terminal's Ctrl-C does: the whole foreground group
    expect(await second.exited).toBe(0);
    const shutdown = second.lines.slice(before).filter((l) => l.trim() !== '');
    const stopLines = shutdown
      .map((l) => /\[Stack\] (.+ stopped|Stopped.*)$/.exec(l)?.[1])
      .filter((l) => l !== undefined);
    expect(stopLines).toEqual([
      'api stopped',
      'OpenID provider stopped',
      'sign-in database pool stopped',
      'notification relay stopped',
      'worker stopped',
      'mail transport stopped',
      'worker database pool stopped',
      'temporal stopped',
      'database stopped',
      'Stopped.',
    ]);
    expect(shutdown.filter((l) => /ERROR|"level":"error"|failed|57P03|EPIPE/.test(l))).toEqual([]);
    expect(shutdown.at(-1)).toMatch(/Stopped\.$/);
    await gone(server);
  }, 420_000);
});
