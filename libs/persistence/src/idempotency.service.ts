import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@lib/domain';
import { sha256Canonical } from './canonical-json';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { preparedQuery } from './prepared-query';
import { inTransaction } from './transaction';

export interface IdempotentResult {
  /** The id the FIRST successful run produced. */
  id: string;
  /** True when this call did not run `fn` but returned the recorded result. */
  replayed: boolean;
}

/**
 * At-most-once execution of a mutation per (actor, idempotency key).
 *
 * The record is inserted in the SAME transaction as the work: a concurrent retry with the same key blocks on the
 * primary key until the first transaction ends, then sees its committed result (or, if it rolled back, runs itself).
 * Reusing a key for a different operation or request is a CONFLICT.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  /** Hash of a request's meaningful fields, for `runOnce`'s `requestHash`. */
  static hashRequest(request: unknown): string {
    return sha256Canonical(request);
  }

  async runOnce(
    actorId: string,
    key: string,
    operation: string,
    requestHash: string,
    fn: (manager: EntityManager) => Promise<string>,
    /**
     * The id `fn` will produce, when the caller chooses it up front (e.g. a new row's UUID): the record is claimed with
     * its result at once, one statement fewer than recording it after `fn`. `fn` must return exactly this id.
     */
    presetResultId?: string,
  ): Promise<IdempotentResult> {
    if (key.length === 0 || key.length > 200) throw DomainError.badInput('Invalid idempotency key', [{ path: ['idempotencyKey'], message: 'length 1-200' }]);
    return inTransaction(this.dataSource, async (manager) => {
      const inserted = await preparedQuery(
        manager,
        `INSERT INTO idempotency_records (actor_id, key, operation, request_hash, result_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (actor_id, key) DO NOTHING RETURNING actor_id`,
        [actorId, key, operation, requestHash, presetResultId ?? null],
      );
      if (inserted.length === 1) {
        const id = await fn(manager);
        if (presetResultId === undefined) {
          await preparedQuery(manager, `UPDATE idempotency_records SET result_id = $3 WHERE actor_id = $1 AND key = $2`, [actorId, key, id]);
        } else if (id !== presetResultId) {
          throw new Error(`idempotent ${operation} produced another id than the one it was given`);
        }
        return { id, replayed: false };
      }
      const existing = await manager.findOneByOrFail(IdempotencyRecordEntity, { actorId, key });
      if (existing.operation !== operation || existing.requestHash !== requestHash) {
        throw DomainError.conflict('Idempotency key already used for a different request');
      }
      if (existing.resultId === null) throw DomainError.conflict('Idempotent request still in progress');
      return { id: existing.resultId, replayed: true };
    });
  }
}
