import { randomUUID } from 'node:crypto';
import { DomainError, DomainErrorCode, TaskType } from '@lib/domain';
import { TaskEntity } from '@lib/tasks';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { IdempotencyService } from './idempotency.service';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from './seed/demo-seed';

describe('IdempotencyService (real PostgreSQL)', () => {
  let db: TestDatabase;
  let service: IdempotencyService;
  const actor = DEMO_USER_IDS['dost.manager'];

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    service = new IdempotencyService(db.dataSource);
  });
  afterAll(() => db.drop());

  async function createTask(key: string, request: object, counter: { runs: number }) {
    return service.runOnce(actor, key, 'createTask', IdempotencyService.hashRequest(request), async (manager) => {
      counter.runs++;
      const task = await manager.save(
        manager.create(TaskEntity, { organisationId: DEMO_ORG_IDS.DOST_BAKU, type: TaskType.FOLLOW_UP }),
      );
      return task.id;
    });
  }

  it('the same key twice runs once and returns the first id', async () => {
    const counter = { runs: 0 };
    const key = randomUUID();
    const first = await createTask(key, { caseId: 'a', due: 1 }, counter);
    const second = await createTask(key, { due: 1, caseId: 'a' }, counter); // key order does not matter
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ id: first.id, replayed: true });
    expect(counter.runs).toBe(1);
    expect(await db.dataSource.getRepository(TaskEntity).countBy({ id: first.id })).toBe(1);
  });

  it('with the result id chosen up front: claimed with it at once, replayed, and a different id rolls everything back', async () => {
    const key = randomUUID();
    const id = randomUUID();
    let runs = 0;
    const run = (produce: string) =>
      service.runOnce(
        actor,
        key,
        'createTask',
        IdempotencyService.hashRequest({ k: 1 }),
        async (manager) => {
          runs++;
          await manager.save(manager.create(TaskEntity, { id: produce, organisationId: DEMO_ORG_IDS.DOST_BAKU, type: TaskType.FOLLOW_UP }));
          return produce;
        },
        id,
      );
    const wrong = randomUUID();
    await expect(run(wrong)).rejects.toThrow('another id');
    expect(await db.dataSource.getRepository(TaskEntity).countBy({ id: wrong })).toBe(0);
    expect(await run(id)).toEqual({ id, replayed: false });
    expect(await run(id)).toEqual({ id, replayed: true });
    expect(runs).toBe(2);
    const [record] = await db.dataSource.query<{ result_id: string }[]>(`SELECT result_id FROM idempotency_records WHERE key = $1`, [key]);
    expect(record?.result_id).toBe(id);
  });

  it('the same key with a different request is a CONFLICT', async () => {
    const key = randomUUID();
    await createTask(key, { caseId: 'a' }, { runs: 0 });
    const error = await createTask(key, { caseId: 'b' }, { runs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(DomainErrorCode.CONFLICT);
    const otherOperation = await service
      .runOnce(actor, key, 'closeCase', IdempotencyService.hashRequest({ caseId: 'a' }), () => Promise.resolve('x'))
      .catch((e: unknown) => e);
    expect((otherOperation as DomainError).code).toBe(DomainErrorCode.CONFLICT);
  });

  it('keys are per actor', async () => {
    const key = randomUUID();
    const a = await createTask(key, { caseId: 'a' }, { runs: 0 });
    const b = await service.runOnce(DEMO_USER_IDS['dost.intake'], key, 'createTask', IdempotencyService.hashRequest({ caseId: 'a' }), () =>
      Promise.resolve('other-result'),
    );
    expect(b).toEqual({ id: 'other-result', replayed: false });
    expect(a.id).not.toBe('other-result');
  });

  it('a failed first run leaves no record, so a retry runs', async () => {
    const key = randomUUID();
    await expect(
      service.runOnce(actor, key, 'createTask', 'h', () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    const retry = await service.runOnce(actor, key, 'createTask', 'h', () => Promise.resolve('r1'));
    expect(retry).toEqual({ id: 'r1', replayed: false });
  });

  it('concurrent duplicates: exactly one runs, all get its id', async () => {
    const key = randomUUID();
    const counter = { runs: 0 };
    const results = await Promise.all(Array.from({ length: 5 }, () => createTask(key, { caseId: 'c' }, counter)));
    expect(counter.runs).toBe(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  });
});
