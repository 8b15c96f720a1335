import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SCHEMA_FILE, buildSchemaSdl } from './schema-sdl';

/** `npm run schema:generate`: rewrites apps/api/schema.gql from the resolvers. */
async function main(): Promise<void> {
  const target = resolve(process.cwd(), SCHEMA_FILE);
  writeFileSync(target, await buildSchemaSdl());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
