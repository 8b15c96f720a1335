/**
 * `npm run audit:checkpoint`: takes one signed checkpoint of every audit chain head now (the worker takes them on a
 * schedule, see workflows/audit-checkpoint.workflow.ts) and prints where it went. Exit code 0 = written (withheld
 * chains are listed: their heads could not be vouched for, run audit:verify), 2 = failed.
 */
import 'reflect-metadata';
import { runDatabaseCommand } from '@lib/persistence';
import { checkpointStoreFromEnv } from '../audit-checkpoint-store';
import { AuditCheckpointer } from '../audit-checkpointer';
import { loadAuditSigningKey } from '../audit-signing-key';

runDatabaseCommand(
  'audit:checkpoint',
  async (dataSource) => {
    const result = await new AuditCheckpointer(
      dataSource,
      loadAuditSigningKey(),
      checkpointStoreFromEnv(),
    ).checkpoint();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  },
  { poolSize: 1, failureCode: 2 },
);
