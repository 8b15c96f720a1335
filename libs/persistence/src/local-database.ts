import { createDataSource, runMigrations } from './data-source';
import { seedDemoData } from './seed/demo-seed';

export interface PreparedLocalDatabase {
  applied: string[];
  organisations: number;
  staffMembers: number;
}

/** Embedded mode only: bring the local database up to date and (re)seed the demo organisations and staff. */
export async function prepareLocalDatabase(url: string): Promise<PreparedLocalDatabase> {
  const dataSource = await createDataSource(url, { poolSize: 2 });
  try {
    const applied = await runMigrations(dataSource);
    const seeded = await seedDemoData(dataSource);
    return { applied, organisations: seeded.organisations, staffMembers: seeded.staffMembers };
  } finally {
    await dataSource.destroy();
  }
}
