/**
 * Activities alone, in MockActivityEnvironment (activity context: attempt numbers, heartbeat-free), on a real
 * PostgreSQL: idempotent replays, domain refusals as NON-retryable failures, policy errors surfaced.
 */
jest.setTimeout(60_000);

import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { dedupeKey, NonRetryableType, type OpenedReferral } from '@lib/contracts';
import { DEFAULT_DEADLINE_POLICY, DomainError } from '@lib/domain';
import { ReferralProcessActivitiesImpl } from '@lib/referral-process';
import { createTestDatabase, type TestDatabase } from '../support';
import { auditActions, caseWithSsaReferral, tasksOf, USER } from './support/fixtures';

describe('referral-process activities (MockActivityEnvironment)', () => {
  let db: TestDatabase;
  let activities: ReferralProcessActivitiesImpl;

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    activities = new ReferralProcessActivitiesImpl(db.dataSource, { policy: () => DEFAULT_DEADLINE_POLICY });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('openReferral run twice (a retry) returns the recorded result and writes once', async () => {
    const now = new Date();
    const { caseId, referralId } = await caseWithSsaReferral(db.dataSource, now);
    const input = { workflowId: `referral-${referralId}`, at: now.toISOString(), referralId };
    const open = (i: typeof input): Promise<OpenedReferral> => activities.openReferral(i);
    const first = await new MockActivityEnvironment({ attempt: 1 }).run<[typeof input], OpenedReferral, typeof open>(open, input);
    const second = await new MockActivityEnvironment({ attempt: 2 }).run<[typeof input], OpenedReferral, typeof open>(open, input);
    expect(second).toEqual(first);
    expect(first.outcome.kind).toBe('OPENED');
    expect((await tasksOf(db.dataSource, { referralId })).filter((t) => t.type === 'REFERRAL_RESPONSE')).toHaveLength(1);
    expect((await auditActions(db.dataSource, caseId)).filter((a) => a === 'REFERRAL_DISCLOSED')).toHaveLength(1);
    const records: { n: number }[] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM idempotency_records WHERE key = $1`,
      [dedupeKey(input.workflowId, 'open')],
    );
    expect(records[0]!.n).toBe(1);
  });

  it('refusals are non-retryable ApplicationFailures typed with the domain code; nothing is written', async () => {
    const now = new Date();
    const { referralId } = await caseWithSsaReferral(db.dataSource, now);
    const env = new MockActivityEnvironment();
    const base = { workflowId: `referral-${referralId}`, at: now.toISOString(), referralId };
    await env.run(activities.openReferral.bind(activities), base);

    const forbidden: unknown = await env
      .run(activities.applyReferralTransition.bind(activities), {
        ...base,
        requestId: 'u-1',
        actorId: USER['police.officer'],
        transition: { type: 'ACCEPT' as const },
      })
      .catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ApplicationFailure);
    expect(forbidden).toMatchObject({ type: NonRetryableType.FORBIDDEN, nonRetryable: true });

    const invalid: unknown = await env
      .run(activities.applyReferralTransition.bind(activities), {
        ...base,
        requestId: 'u-2',
        actorId: USER['ssa.officer'],
        transition: { type: 'COMPLETE' as const, outcome: 'done' },
      })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ type: NonRetryableType.INVALID_TRANSITION, nonRetryable: true });

    const missing: unknown = await env
      .run(activities.openReferral.bind(activities), { ...base, workflowId: 'referral-x', referralId: '00000000-0000-4000-8000-00000000dead' })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ type: NonRetryableType.NOT_FOUND, nonRetryable: true });

    const rows: { status: string; version: number }[] = await db.dataSource.query(`SELECT status, version FROM referrals WHERE id = $1`, [referralId]);
    expect(rows[0]).toEqual({ status: 'PENDING', version: 2 }); // pinned once, no transition
  });

  it('an invalid policy file fails loudly (non-retryable BAD_INPUT), it never silently times a referral differently', async () => {
    const broken = new ReferralProcessActivitiesImpl(db.dataSource, {
      policy: () => {
        throw DomainError.badInput('Invalid deadline policy');
      },
    });
    const now = new Date();
    const { referralId } = await caseWithSsaReferral(db.dataSource, now);
    const err: unknown = await new MockActivityEnvironment()
      .run(broken.openReferral.bind(broken), { workflowId: `referral-${referralId}`, at: now.toISOString(), referralId })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: NonRetryableType.BAD_INPUT, nonRetryable: true });
    expect(await tasksOf(db.dataSource, { referralId })).toEqual([]);
  });
});
