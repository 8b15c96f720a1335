import './lib-alias';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { STATE_KEY, type HarnessState } from './global-setup';

/** Jest globalTeardown: drops leftover test databases (external server) or stops the embedded one and deletes it. */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[STATE_KEY] as HarnessState | undefined;
  if (!state) return;
  delete (globalThis as Record<string, unknown>)[STATE_KEY];
  if (state.embedded) {
    await state.embedded.stop();
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
    return;
  }
  const client = new Client({ connectionString: state.adminUrl });
  await client.connect();
  try {
    for (const name of state.templates) {
      await client.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE false`);
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
