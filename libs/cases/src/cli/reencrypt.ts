/**
 * `npm run keys:reencrypt [-- <batchSize>]`: after adding a new (highest) key version to FIELD_ENCRYPTION_KEYS (or to
 * `.data/keys/field-keys.json` in embedded mode), re-encrypts the personal data still under older keys, so they can be
 * removed. Prints a JSON report (counts only); exit 0 when nothing is left under an older key, 1 otherwise.
 * Connects via DATABASE_URL or the embedded cluster under `<repo>/.data/postgres`.
 */
import 'reflect-metadata';
import { AuditWriter } from '@lib/audit';
import { FieldCipher, loadFieldKeys } from '@lib/crypto';
import { createDataSource, resolveDatabaseUrl } from '@lib/persistence';
import { PersonReencryption } from '../person-reencryption.service';

async function main(): Promise<number> {
  const batchSize = Number(process.argv[2] ?? 200);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    process.stderr.write('usage: keys:reencrypt [batchSize 1..10000]\n');
    return 2;
  }
  const db = await resolveDatabaseUrl();
  const dataSource = await createDataSource(db.url, { poolSize: 2, applicationName: 'nrm-reencrypt' });
  try {
    const started = Date.now();
    const report = await new PersonReencryption(dataSource, new FieldCipher(loadFieldKeys()), new AuditWriter()).run({ batchSize });
    process.stdout.write(`${JSON.stringify({ ...report, ms: Date.now() - started })}\n`);
    return report.remaining === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
    await db.embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Never key material or personal data: the error's name and message only (the cipher's errors carry neither).
    process.stderr.write(`keys:reencrypt failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}\n`);
    process.exit(2);
  },
);
