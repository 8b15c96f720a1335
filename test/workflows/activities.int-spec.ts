/**
 * Activities alone, in MockActivityEnvironment (activity context: attempt numbers, heartbeat-free), on a real
 * PostgreSQL: idempotent replays, domain refusals as NON-retryable failures, policy errors surfaced.
 */
jest.setTimeout(60_000);

import { ApplicationFailure } from '@temporalio/common';
import { type Info as ActivityInfo } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { dedupeKey, NonRetryableType, type OpenedReferral } from '@lib/contracts';
import { DEFAULT_DEADLINE_POLICY, DomainError, OrganisationType, StaffRole } from '@lib/domain';
import { ReferralProcessActivitiesImpl } from '@lib/referral-process';
import { InboxService } from '@lib/tasks';
import { createTestDatabase, type TestDatabase } from '../support';
import { auditActions, caseWithSsaReferral, ORG, tasksOf, USER } from './support/fixtures';

/** Activities that fail on purpose here would log a warning each: errors only.*/
const quietActivityEnvironment = (info?: Partial<ActivityInfo>): MockActivityEnvironment =>
  new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });

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
    const first = await quietActivityEnvironment({ attempt: 1 }).run<[typeof input], OpenedReferral, typeof open>(open, input);
    const second = await quietActivityEnvironment({ attempt: 2 }).run<[typeof input], OpenedReferral, typeof open>(open, input);
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
    const env = quietActivityEnvironment();
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
    const err: unknown = await quietActivityEnvironment()
      .run(broken.openReferral.bind(broken), { workflowId: `referral-${referralId}`, at: now.toISOString(), referralId })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: NonRetryableType.BAD_INPUT, nonRetryable: true });
    expect(await tasksOf(db.dataSource, { referralId })).toEqual([]);
  });

  it('a reminder marks the recipient\'s open task once per reminder instant, however often the activity is retried', async () => {
    const ds = db.dataSource;
    const t0 = new Date();
    const { caseId, referralId } = await caseWithSsaReferral(ds, t0);
    const workflowId = `referral-${referralId}`;
    const opened: OpenedReferral = await quietActivityEnvironment().run(activities.openReferral, { workflowId, at: t0.toISOString(), referralId });
    const dueAt = opened.deadlines!.responseDueAt;
    const remind = async (at: Date, phase: 'RESPONSE' | 'SERVICE', attempt = 1): Promise<void> => {
      await quietActivityEnvironment({ attempt }).run(activities.remindReferral, { workflowId, at: at.toISOString(), referralId, phase, dueAt });
    };
    const reminders = async (): Promise<Record<string, unknown>[]> =>
      ds.query(
        `SELECT type, reminder_count, reminded_at, assignee_id FROM tasks WHERE referral_id = $1 ORDER BY type`,
        [referralId],
      );
    const reminderEntries = async (): Promise<{ details: Record<string, unknown> }[]> =>
      ds.query(`SELECT details FROM timeline_entries WHERE referral_id = $1 AND kind = 'REFERRAL_REMINDER' ORDER BY occurred_at`, [referralId]);

    const t1 = new Date(t0.getTime() + 2 * 3600_000);
    await remind(t1, 'RESPONSE', 1);
    await remind(t1, 'RESPONSE', 2); // the same reminder, retried
    expect(await reminders()).toEqual([{ type: 'REFERRAL_RESPONSE', reminder_count: 1, reminded_at: t1, assignee_id: null }]);
    const t2 = new Date(t0.getTime() + 3 * 3600_000);
    await remind(t2, 'RESPONSE');
    expect(await reminders()).toEqual([{ type: 'REFERRAL_RESPONSE', reminder_count: 2, reminded_at: t2, assignee_id: null }]);
    const response = (await tasksOf(ds, { referralId }))[0]!;
    expect((await reminderEntries()).map((e) => e.details)).toEqual([
      { phase: 'RESPONSE', dueAt, taskId: response.id, reminderCount: 1 },
      { phase: 'RESPONSE', dueAt, taskId: response.id, reminderCount: 2 },
    ]);

    // The recipient's inbox shows it.
    const officer = { staffId: USER['ssa.officer'], organisationId: ORG.SSA, organisationType: OrganisationType.SSA, region: 'Baku', roles: [StaffRole.AGENCY_OFFICER] };
    const inbox = await new InboxService(ds).page(officer, {}, 100, null);
    expect(inbox.items.find((i) => i.id === response.id)?.remindedAt).toEqual(t2);

    // Service phase: the accepting officer's service task is the one reminded.
    await quietActivityEnvironment().run(activities.applyReferralTransition, {
      workflowId,
      at: t2.toISOString(),
      referralId,
      requestId: 'u-accept',
      actorId: USER['ssa.officer'],
      transition: { type: 'ACCEPT' as const },
    });
    const t3 = new Date(t0.getTime() + 12 * 3600_000);
    await remind(t3, 'SERVICE');
    expect(await reminders()).toEqual([
      { type: 'REFERRAL_RESPONSE', reminder_count: 2, reminded_at: t2, assignee_id: null },
      { type: 'REFERRAL_SERVICE', reminder_count: 1, reminded_at: t3, assignee_id: USER['ssa.officer'] },
    ]);

    // No open task about the phase (the referral moved on): the reminder is on the timeline only.
    const t4 = new Date(t0.getTime() + 13 * 3600_000);
    await remind(t4, 'RESPONSE');
    expect((await reminders())[0]).toMatchObject({ reminder_count: 2, reminded_at: t2 });
    expect((await reminderEntries()).at(-1)!.details).toEqual({ phase: 'RESPONSE', dueAt, taskId: null, reminderCount: null });
    expect(await auditActions(ds, caseId)).not.toContain('REFERRAL_REMINDER');
  });
});
