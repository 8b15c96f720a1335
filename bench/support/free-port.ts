/**
 * A port for a process a bench or a test starts later. Chosen below the kernel's ephemeral range
 * (`/proc/sys/net/ipv4/ip_local_port_range`), because a port taken there by `listen(0)` and released is free only
 * until some outgoing connection (a pool's, a gRPC channel's, the spawned process's own) is given it as its local
 * port: the later `listen` then fails with EADDRINUSE. Each jest (or Playwright) worker draws from its own slice, starting at a random
 * offset so that two runs on one machine rarely meet, and every candidate is checked by binding it.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 10_000;
const SLICES = 16;

function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST + SLICES * 100 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

const sliceSize = Math.floor((ephemeralLow() - LOWEST) / SLICES);
const slice = Number(process.env.JEST_WORKER_ID ?? process.env.TEST_WORKER_INDEX ?? 0) % SLICES;
const sliceStart = LOWEST + slice * sliceSize;
let cursor = Math.floor(Math.random() * sliceSize);

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let tries = 0; tries < sliceSize; tries += 1) {
    const port = sliceStart + (cursor % sliceSize);
    cursor += 1;
    if (await bindable(port)) return port;
  }
  throw new Error('no free port below the ephemeral range');
}
