/**
 * `npm run -s token -- <username> [--ttl 12h]`: prints a local bearer token (default 12 h) for an active staff member,
 * for demos and manual testing (--ttl at most AUTH_MAX_TOKEN_LIFETIME, 12 h by default): `curl -H "authorization: Bearer $(npm run -s token -- dost.manager)" ...`.
 * Looks the username up in DATABASE_URL, or in the embedded cluster under `<repo>/.data/postgres` (started for the
 * run if needed). Local mode only: with OIDC configured, tokens come from the identity provider.
 */
import 'reflect-metadata';
import { resolveDatabaseUrl } from '@lib/persistence';
import { Client } from 'pg';
import { authConfigFromEnv } from '../auth-config';
import { issueLocalToken } from '../local-token';
import { findActiveStaffId, parseTokenCliArgs } from './token-args';

async function main(): Promise<number> {
  const config = authConfigFromEnv();
  let args;
  try {
    args = parseTokenCliArgs(process.argv.slice(2), config.maxTokenLifetimeSeconds);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (config.mode !== 'local') {
    process.stderr.write('OIDC is configured (OIDC_ISSUER): get tokens from your identity provider\n');
    return 2;
  }
  const db = await resolveDatabaseUrl();
  const client = new Client({ connectionString: db.url, application_name: 'nrm-token' });
  try {
    await client.connect();
    const staffId = await findActiveStaffId(client, args.username);
    const token = await issueLocalToken(staffId, args.ttlSeconds, { keyDir: config.keyDir });
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await client.end().catch(() => undefined);
    await db.embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`token failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
