import { type DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { resolveDatabaseUrl } from '../embedded-postgres';

/**
 * Runs one command-line task against DATABASE_URL, or the embedded cluster under `<repo>/.data/postgres` (started for
 * the run and stopped after), then exits with the code it returns. A failure prints `<name> failed: <message>` (never
 * data values) and exits with `failureCode`.
 */
export function runDatabaseCommand(
  name: string,
  task: (dataSource: DataSource) => Promise<number>,
  options: { failureCode?: number; poolSize?: number } = {},
): void {
  const run = async (): Promise<number> => {
    const db = await resolveDatabaseUrl();
    const dataSource = await createDataSource(db.url, { poolSize: options.poolSize ?? 2, applicationName: `nrm-${name.replace(/\W+/g, '-')}` });
    try {
      return await task(dataSource);
    } finally {
      await dataSource.destroy();
      await db.embedded?.stop();
    }
  };
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}\n`);
      process.exit(options.failureCode ?? 1);
    },
  );
}
