/**
 * `npm run audit:verify [-- <organisationId>]`: verifies the audit hash chains (all, or one organisation's lanes), the
 * chain heads' signatures (AUDIT_SIGNING_KEY / AUDIT_SIGNING_KEY_FILE, or the local key under `.data/keys`; a public
 * key suffices) and the database against the newest signed checkpoint (AUDIT_CHECKPOINT_DIR, default
 * `.data/audit-checkpoints`), and prints a JSON summary listing EVERY broken chain (ids and sequence numbers only).
 * Exit code 0 = intact, 1 = a broken chain or an invalid checkpoint, 2 = could not verify. Connects via DATABASE_URL
 * or the embedded cluster under `<repo>/.data/postgres`.
 */
import 'reflect-metadata';
import { runDatabaseCommand } from '@lib/persistence';
import { AuditVerifier } from '../audit-verifier';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const organisationId = process.argv[2];
if (organisationId !== undefined && !UUID.test(organisationId)) {
  process.stderr.write('audit:verify: the argument must be an organisation id (a UUID)\n');
  process.exit(2);
}

runDatabaseCommand(
  'audit:verify',
  async (dataSource) => {
    const started = Date.now();
    const result = await new AuditVerifier().verify(dataSource, organisationId?.toLowerCase());
    const { firstBroken: _first, ...report } = result;
    process.stdout.write(`${JSON.stringify({ ...report, ms: Date.now() - started })}\n`);
    return result.ok ? 0 : 1;
  },
  { poolSize: 1, failureCode: 2 },
);
