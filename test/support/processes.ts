/**
 * Built processes run as a test would see them in production: spawned from `dist/`, their output collected line by
 * line, waited on by what they print or by HTTP. Used by the process tests under `test/process/`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');

export { freePort } from './free-port';

/** A temporary directory PostgreSQL's own OS user can traverse when the tests run as root. */
export function tempDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Only what a process needs from the surroundings; everything else comes from `env`. */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1', ...env };
}

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first line (seen or to come) matching `pattern`; rejects after `timeoutMs` or on exit. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
  signalGroup(signal: NodeJS.Signals): void;
}

/**
 * Spawns `node <script>` in a process group of its own (as a terminal's foreground job), so a signal can be sent to
 * the whole group the way Ctrl-C does.
 */
export function spawnNode(script: string, env: NodeJS.ProcessEnv, args: string[] = []): RunningProcess {
  return spawnProcess(process.execPath, [script, ...args], env);
}

/** Any executable, in a process group of its own, output collected. */
export function spawnProcess(command: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const watchers: { pattern: RegExp; resolve(line: string): void }[] = [];
  let exitedAs: number | string | undefined;
  const exited = new Promise<number | string>((ok) =>
    child.on('exit', (code, signal) => ok((exitedAs = code ?? signal ?? 'unknown'))),
  );
  let partial = { stdout: '', stderr: '' };
  const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = partial[stream] + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = { ...partial, [stream]: parts.pop() ?? '' };
    for (const line of parts) {
      lines.push(line);
      for (const w of [...watchers]) {
        if (w.pattern.test(line)) {
          watchers.splice(watchers.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout?.on('data', onData('stdout'));
  child.stderr?.on('data', onData('stderr'));
  return {
    child,
    lines,
    exited,
    signalGroup: (signal) => process.kill(-child.pid!, signal),
    waitForLine: (pattern, timeoutMs) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((ok, fail) => {
        const timer = setTimeout(
          () =>
            fail(
              new Error(
                `no line matching ${pattern} within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`,
              ),
            ),
          timeoutMs,
        );
        const watcher = {
          pattern,
          resolve: (line: string) => {
            clearTimeout(timer);
            ok(line);
          },
        };
        watchers.push(watcher);
        void exited.then(() => {
          if (!watchers.includes(watcher)) return;
          clearTimeout(timer);
          fail(
            new Error(
              `exited (${String(exitedAs)}) before a line matching ${pattern}:\n${lines.slice(-20).join('\n')}`,
            ),
          );
        });
      });
    },
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((ok) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        ok(true);
      });
      socket.once('error', () => ok(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
