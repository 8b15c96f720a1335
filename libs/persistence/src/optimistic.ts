import { type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DomainError } from '@lib/domain';

/**
 * Optimistic-locking update for versioned entities (cases, referrals): applies `changes` only if the row still has
 * `expectedVersion`, bumps the version, and returns the new version. Throws CONFLICT when someone else changed the
 * row first (or NOT_FOUND when it does not exist). TypeORM's `save()` increments @VersionColumn but does NOT check it.
 */
export async function updateVersioned<E extends ObjectLiteral & { id: string; version: number }>(
  manager: EntityManager,
  target: EntityTarget<E>,
  id: string,
  expectedVersion: number,
  changes: QueryDeepPartialEntity<E>,
): Promise<number> {
  const metadata = manager.connection.getMetadata(target);
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set({ ...changes, version: () => 'version + 1' })
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .returning(['version'])
    .execute();
  const rows = result.raw as { version: number }[];
  const row = rows[0];
  if (row) return row.version;
  const exists = await manager.getRepository(target).exists({ where: { id } as never });
  if (!exists) throw DomainError.notFound(metadata.name);
  throw DomainError.conflict(`${metadata.name} was changed by someone else`);
}
