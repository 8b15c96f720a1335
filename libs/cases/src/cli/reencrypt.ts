/**
 * `npm run keys:reencrypt [-- <batchSize>]`: after adding a new (highest) key version to FIELD_ENCRYPTION_KEYS (or to
 * `.data/keys/field-keys.json` in embedded mode), re-encrypts the personal data still under older keys, so they can be
 * removed. Prints a JSON report (counts only); exit 0 when nothing is left under an older key, 1 otherwise, 2 on error.
 * Connects via DATABASE_URL or the embedded cluster under `<repo>/.data/postgres`.
 */
import 'reflect-metadata';
import { AuditWriter } from '@lib/audit';
import { FieldCipher, loadFieldKeys } from '@lib/crypto';
import { runDatabaseCommand } from '@lib/persistence';
import { PersonReencryption } from '../person-reencryption.service';

const batchSize = Number(process.argv[2] ?? 200);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
  process.stderr.write('usage: keys:reencrypt [batchSize 1..10000]\n');
  process.exit(2);
}

runDatabaseCommand(
  'keys:reencrypt',
  async (dataSource) => {
    const started = Date.now();
    const report = await new PersonReencryption(dataSource, new FieldCipher(loadFieldKeys()), new AuditWriter()).run({ batchSize });
    process.stdout.write(`${JSON.stringify({ ...report, ms: Date.now() - started })}\n`);
    return report.remaining === 0 ? 0 : 1;
  },
  { failureCode: 2 },
);
