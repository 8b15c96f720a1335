import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startStack } from './stack';

/** Starts one stack for the browser suite (built first: `npm run build`); its URL reaches the tests through the env. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const built of ['dist/apps/stack/src/main.js', 'dist/console/index.html']) {
    if (!existsSync(join(repoRoot, built))) throw new Error(`${built} is missing: run npm run build first`);
  }
  const stack = await startStack();
  process.env.NRM_CONSOLE_URL = stack.url;
  return () => stack.stop();
}
