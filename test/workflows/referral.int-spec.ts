/**
 * Referral workflow on the embedded Temporal server (time skipping) with the real worker and activities on PostgreSQL.
 */
jest.setTimeout(90_000);

import { referralWorkflowId, type ReferralWorkflowResult } from '@lib/contracts';
import {
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  DomainError,
  DurationUnit,
  ReferralStatus,
  RiskLevel,
} from '@lib/domain';
import { ConsentPurpose, DataCategory, DataProfile, LegalBasis, ServiceType } from '@lib/domain';
import {
  auditActions,
  caseWithSsaReferral,
  insertCase,
  insertReferral,
  ORG,
  referralRow,
  tasksOf,
  timelineKinds,
  USER,
} from './support/fixtures';
import { eventually, startHarness, taskAppears, type Harness } from './support/harness';

describe('referral workflow', () => {
  let h: Harness;
  /** The policy in force; a test changes it to show that running referrals keep the policy they were pinned to. */
  let policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY;

  beforeAll(async () => {
    h = await startHarness({ policy: () => policy });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const responseTask = (referralId: string) => taskAppears(h.db.dataSource, { referralId }, 'REFERRAL_RESPONSE');

  it('accepted and completed within the deadlines: no escalation', async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);

    const task = await responseTask(referralId);
    expect(task.organisation_id).toBe(ORG.SSA);
    expect(task.status).toBe('OPEN');
    const pinned = await referralRow(ds, referralId);
    expect(task.due_at?.getTime()).toBe(pinned.response_due_at.getTime());
    // HIGH risk: respond within 4 hours of creation
    expect(pinned.response_due_at.getTime() - pinned.created_at.getTime()).toBe(4 * 3600_000);

    const accepted = await h.facade.acceptReferral(referralId, USER['ssa.officer']);
    expect(accepted.status).toBe(ReferralStatus.ACCEPTED);
    const completed = await h.facade.completeReferral(referralId, USER['ssa.officer'], 'Placed in a shelter');
    expect(completed.status).toBe(ReferralStatus.COMPLETED);

    const result = await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId));
    expect(result.status).toBe(ReferralStatus.COMPLETED);
    const row = await referralRow(ds, referralId);
    expect(row.status).toBe('COMPLETED');
    expect(row.outcome_note).toBe('Placed in a shelter');
    expect(row.escalated_at).toBeNull();
    const tasks = await tasksOf(ds, { referralId });
    expect(tasks.map((t) => `${t.type}:${t.status}`).sort()).toEqual(['REFERRAL_RESPONSE:DONE', 'REFERRAL_SERVICE:DONE']);
    expect(await timelineKinds(ds, caseId)).toEqual(
      expect.arrayContaining(['REFERRAL_DEADLINES_SET', 'REFERRAL_SENT', 'REFERRAL_ACCEPTED', 'REFERRAL_COMPLETED']),
    );
  });

  it('rejects an invalid transition synchronously (complete before accept) and a forbidden actor', async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await responseTask(referralId);
    await expect(h.facade.completeReferral(referralId, USER['ssa.officer'], 'done')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await expect(h.facade.declineReferral(referralId, USER['ssa.officer'], '   ')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    // the police officer is not staff of the recipient (SSA)
    const err: unknown = await h.facade.acceptReferral(referralId, USER['police.officer']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('FORBIDDEN');
    expect((await referralRow(ds, referralId)).status).toBe('PENDING');
  });

  it('declined with a reason: back to the sender with a REROUTE task', async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await responseTask(referralId);
    const declined = await h.facade.declineReferral(referralId, USER['ssa.officer'], 'No places in the region');
    expect(declined.status).toBe(ReferralStatus.DECLINED);
    const result = await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId));
    expect(result.status).toBe(ReferralStatus.DECLINED);
    const row = await referralRow(ds, referralId);
    expect(row.decline_reason).toBe('No places in the region');
    const reroute = (await tasksOf(ds, { referralId })).find((t) => t.type === 'REROUTE');
    expect(reroute).toMatchObject({ organisation_id: ORG.DOST_BAKU, assignee_id: USER['dost.manager'], status: 'OPEN' });
  });

  it('missed response deadline: EXPIRED at exactly the deadline, escalation + monitoring alert + reroute', async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now(), RiskLevel.HIGH);
    await h.facade.startReferral(caseId, referralId);
    await responseTask(referralId);

    const result = await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId));
    expect(result.status).toBe(ReferralStatus.EXPIRED);
    const row = await referralRow(ds, referralId);
    expect(row.status).toBe('EXPIRED');
    // Timer fired at the deadline in virtual time: escalated_at is the deadline (to the millisecond tolerance of the WFT).
    const lateBy = row.escalated_at.getTime() - row.response_due_at.getTime();
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(1000);
    expect((await h.now()).getTime()).toBeGreaterThanOrEqual(row.response_due_at.getTime());

    const tasks = await tasksOf(ds, { referralId });
    const byType = Object.fromEntries(tasks.map((t) => [t.type, t]));
    expect(byType.REFERRAL_RESPONSE?.status).toBe('CANCELLED');
    expect(byType.ESCALATION).toMatchObject({ organisation_id: ORG.DOST_BAKU, assignee_id: USER['dost.supervisor'], status: 'OPEN' });
    expect(byType.MONITORING_ALERT).toMatchObject({ organisation_id: ORG.MONITORING_BAKU, status: 'OPEN' });
    expect(byType.REROUTE).toMatchObject({ organisation_id: ORG.DOST_BAKU, status: 'OPEN' });
    expect(tasks.filter((t) => t.type === 'ESCALATION')).toHaveLength(1);
    const kinds = await timelineKinds(ds, caseId);
    expect(kinds).toContain('REFERRAL_EXPIRED');
    // two reminders before the deadline (half-way and 1 hour before)
    expect(kinds.filter((k) => k === 'REFERRAL_REMINDER')).toHaveLength(2);
  });

  it('missed service deadline after acceptance: ESCALATED (still completable), escalation + monitoring alert', async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now(), RiskLevel.HIGH);
    await h.facade.startReferral(caseId, referralId);
    await responseTask(referralId);
    await h.facade.acceptReferral(referralId, USER['ssa.officer']);
    const accepted = await referralRow(ds, referralId);
    // HIGH risk: service within 1 day of the referral's creation
    expect(accepted.service_due_at.getTime() - accepted.created_at.getTime()).toBe(24 * 3600_000);
    await h.env.sleep('25 hours');
    const row = await eventually(async () => {
      const r = await referralRow(ds, referralId);
      return r.status === 'ESCALATED' ? r : null;
    });
    const lateBy = row.escalated_at.getTime() - row.service_due_at.getTime();
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThan(1000);
    const types = (await tasksOf(ds, { referralId })).map((t) => `${t.type}:${t.status}`).sort();
    expect(types).toEqual([
      'ESCALATION:OPEN',
      'MONITORING_ALERT:OPEN',
      'REFERRAL_RESPONSE:DONE',
      'REFERRAL_SERVICE:OPEN',
      'REROUTE:OPEN',
    ]);
    expect((await h.facade.completeReferral(referralId, USER['ssa.officer'], 'Placed late')).status).toBe(ReferralStatus.COMPLETED);
    expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId))).status).toBe(ReferralStatus.COMPLETED);
  });

  it('deadlines are policy data pinned at creation: a policy change applies to new referrals only', async () => {
    const ds = h.db.dataSource;
    const short = (minutes: number, version: string): DeadlinePolicy => ({
      ...DEFAULT_DEADLINE_POLICY,
      version,
      referral: {
        ...DEFAULT_DEADLINE_POLICY.referral,
        byRisk: {
          ...DEFAULT_DEADLINE_POLICY.referral.byRisk,
          [RiskLevel.HIGH]: {
            ...DEFAULT_DEADLINE_POLICY.referral.byRisk[RiskLevel.HIGH],
            response: { amount: minutes, unit: DurationUnit.MINUTES },
          },
        },
      },
    });
    policy = short(30, 'test-30min');
    const first = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(first.caseId, first.referralId);
    await responseTask(first.referralId);
    policy = short(10, 'test-10min');
    const second = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(second.caseId, second.referralId);
    await responseTask(second.referralId);
    policy = DEFAULT_DEADLINE_POLICY;

    const r1 = await referralRow(ds, first.referralId);
    const r2 = await referralRow(ds, second.referralId);
    expect(r1.response_due_at.getTime() - r1.created_at.getTime()).toBe(30 * 60_000);
    expect(r2.response_due_at.getTime() - r2.created_at.getTime()).toBe(10 * 60_000);
    expect((await h.facade.referralState(first.referralId)).policyVersion).toBe('test-30min');
    // Both miss their own deadline; the first one's timer was not changed by the new policy.
    expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(second.referralId))).status).toBe(ReferralStatus.EXPIRED);
    expect((await referralRow(ds, first.referralId)).status).toBe('PENDING');
    expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(first.referralId))).status).toBe(ReferralStatus.EXPIRED);
    const e1 = await referralRow(ds, first.referralId);
    expect(e1.escalated_at.getTime() - e1.response_due_at.getTime()).toBeLessThan(1000);
  });

  it("keeps the API's response task (one per referral) and aligns its due date with the pinned deadline", async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    // What the API's ReferralCreationService writes next to the referral row.
    await ds.query(
      `INSERT INTO tasks (organisation_id, type, status, case_id, referral_id, due_at) VALUES ($1, 'REFERRAL_RESPONSE', 'OPEN', $2, $3, now())`,
      [ORG.SSA, caseId, referralId],
    );
    await h.facade.startReferral(caseId, referralId);
    await eventually(async () => (await referralRow(ds, referralId)).version >= 2);
    await eventually(async () => (await timelineKinds(ds, caseId)).includes('REFERRAL_SENT'));
    const responses = (await tasksOf(ds, { referralId })).filter((t) => t.type === 'REFERRAL_RESPONSE');
    expect(responses).toHaveLength(1);
    expect(responses[0]!.dedupe_key).toBeNull(); // the API's task
    expect(responses[0]!.due_at!.getTime()).toBe((await referralRow(ds, referralId)).response_due_at.getTime());
  });

  it('legal override: nothing disclosed until the countersignature, then the recipient gets the task', async () => {
    const ds = h.db.dataSource;
    const now = await h.now();
    const caseId = await insertCase(ds, { openedAt: now });
    const referralId = await insertReferral(ds, {
      caseId,
      createdAt: now,
      to: ORG.POLICE_BAKU,
      serviceType: ServiceType.INCIDENT_NOTIFICATION,
      profile: DataProfile.FULL,
      categories: [DataCategory.INCIDENT_NARRATIVE],
      purpose: ConsentPurpose.LAW_ENFORCEMENT,
      legalBasis: LegalBasis.STATUTORY_DUTY,
    });
    await h.facade.startReferral(caseId, referralId);
    await eventually(() => h.facade.referralState(referralId).then(() => true, () => false));
    await new Promise((r) => setTimeout(r, 500));
    expect(await tasksOf(ds, { referralId })).toEqual([]);
    expect(await auditActions(ds, caseId)).not.toContain('REFERRAL_DISCLOSED');

    await ds.query(`UPDATE referrals SET countersigned_by = $2, countersigned_at = now() WHERE id = $1`, [referralId, USER['dost.supervisor']]);
    await h.facade.referralCountersigned(referralId);
    const task = await responseTask(referralId);
    expect(task.organisation_id).toBe(ORG.POLICE_BAKU);
    expect(await auditActions(ds, caseId)).toContain('REFERRAL_DISCLOSED');
  });
});
