/**
 * `npm run audit:verify [-- <chainId>]`: verifies the audit hash chains (all, or one organisation's) and prints a JSON
 * summary. Exit code 0 = intact, 1 = a broken link, 2 = could not verify. Connects via DATABASE_URL or the embedded
 * cluster under `<repo>/.data/postgres`.
 */
import 'reflect-metadata';
import { createDataSource, resolveDatabaseUrl } from '@lib/persistence';
import { AuditVerifier } from '../audit-verifier';

async function main(): Promise<number> {
  const chainId = process.argv[2];
  const db = await resolveDatabaseUrl();
  const dataSource = await createDataSource(db.url, { poolSize: 1, applicationName: 'nrm-audit-verify' });
  try {
    const started = Date.now();
    const result = await new AuditVerifier().verify(dataSource, chainId);
    process.stdout.write(`${JSON.stringify({ ...result, ms: Date.now() - started })}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
    await db.embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
