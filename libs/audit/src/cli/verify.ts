/**
 * `npm run audit:verify [-- <organisationId>]`: verifies the audit hash chains (all, or one organisation's lanes) and
 * prints a JSON summary. Exit code 0 = intact, 1 = a broken link, 2 = could not verify. Connects via DATABASE_URL or
 * the embedded cluster under `<repo>/.data/postgres`.
 */
import 'reflect-metadata';
import { runDatabaseCommand } from '@lib/persistence';
import { AuditVerifier } from '../audit-verifier';

runDatabaseCommand(
  'audit:verify',
  async (dataSource) => {
    const started = Date.now();
    const result = await new AuditVerifier().verify(dataSource, process.argv[2]);
    process.stdout.write(`${JSON.stringify({ ...result, ms: Date.now() - started })}\n`);
    return result.ok ? 0 : 1;
  },
  { poolSize: 1, failureCode: 2 },
);
