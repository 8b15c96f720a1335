/**
 * Escalation follows the policy's `escalateTo`, pinned with the deadlines when the referral opens: a missed deadline
 * reaches the sender's supervisor and the region's monitoring group only when they are targets; the sender's REROUTE
 * always happens. Embedded Temporal server (time skipping), real worker and activities on PostgreSQL.
 */
jest.setTimeout(90_000);

import { referralWorkflowId, type ReferralWorkflowResult } from '@lib/contracts';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, EscalationTarget, ReferralStatus, RiskLevel } from '@lib/domain';
import { type DataSource } from 'typeorm';
import { caseWithSsaReferral, ORG, referralRow, tasksOf, USER } from './support/fixtures';
import { eventually, startHarness, taskAppears, type Harness } from './support/harness';

/** The default policy with every risk level escalating to the given targets only. */
function escalatingTo(version: string, targets: EscalationTarget[]): DeadlinePolicy {
  const byRisk = DEFAULT_DEADLINE_POLICY.referral.byRisk;
  return {
    ...DEFAULT_DEADLINE_POLICY,
    version,
    referral: {
      ...DEFAULT_DEADLINE_POLICY.referral,
      byRisk: {
        [RiskLevel.HIGH]: { ...byRisk[RiskLevel.HIGH], escalateTo: targets },
        [RiskLevel.MEDIUM]: { ...byRisk[RiskLevel.MEDIUM], escalateTo: targets },
        [RiskLevel.LOW]: { ...byRisk[RiskLevel.LOW], escalateTo: targets },
      },
    },
  };
}

const MONITORING_ONLY = escalatingTo('monitoring-only-1', [EscalationTarget.REGION_MONITORING_GROUP]);

async function openTaskTypes(ds: DataSource, referralId: string): Promise<string[]> {
  return (await tasksOf(ds, { referralId })).filter((t) => t.status === 'OPEN').map((t) => t.type).sort();
}

async function escalationEntry(ds: DataSource, referralId: string, kind: string): Promise<Record<string, unknown>> {
  const rows: { details: Record<string, unknown> }[] = await ds.query(
    `SELECT details FROM timeline_entries WHERE referral_id = $1 AND kind = $2`,
    [referralId, kind],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.details;
}

describe('referral escalation targets', () => {
  let h: Harness;
  /** The policy in force; tests change it. */
  let policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY;

  beforeAll(async () => {
    h = await startHarness({ policy: () => policy });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const opened = (referralId: string) => taskAppears(h.db.dataSource, { referralId }, 'REFERRAL_RESPONSE');

  it('a policy with only the monitoring group: missed response → monitoring alert and re-route, no supervisor escalation', async () => {
    policy = MONITORING_ONLY;
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await opened(referralId);
    expect((await referralRow(ds, referralId)).escalate_to).toEqual(['REGION_MONITORING_GROUP']);

    expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId))).status).toBe(ReferralStatus.EXPIRED);
    expect(await openTaskTypes(ds, referralId)).toEqual(['MONITORING_ALERT', 'REROUTE']);
    const details = await escalationEntry(ds, referralId, 'REFERRAL_EXPIRED');
    expect(details).toMatchObject({
      phase: 'RESPONSE',
      escalateTo: ['REGION_MONITORING_GROUP'],
      escalationTaskId: null,
      monitoringOrganisationId: ORG.MONITORING_BAKU,
      recipientOrganisationId: ORG.SSA,
    });
    const alert = (await tasksOf(ds, { referralId })).find((t) => t.type === 'MONITORING_ALERT')!;
    expect(details.monitoringTaskId).toBe(alert.id);
  });

  it('a referral opened before a policy change keeps its pinned targets; one opened after gets the new ones', async () => {
    const ds = h.db.dataSource;
    policy = DEFAULT_DEADLINE_POLICY;
    const before = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(before.caseId, before.referralId);
    await opened(before.referralId);

    policy = MONITORING_ONLY; // the operator changes the policy while the first referral waits for its answer
    const after = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(after.caseId, after.referralId);
    await opened(after.referralId);

    // one result at a time: each wait lets the test server skip time (concurrent waits would unlock it twice)
    for (const r of [before, after]) {
      expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(r.referralId))).status).toBe(ReferralStatus.EXPIRED);
    }

    expect((await referralRow(ds, before.referralId)).escalate_to).toEqual(['SENDER_SUPERVISOR', 'REGION_MONITORING_GROUP']);
    expect(await openTaskTypes(ds, before.referralId)).toEqual(['ESCALATION', 'MONITORING_ALERT', 'REROUTE']);
    expect(await escalationEntry(ds, before.referralId, 'REFERRAL_EXPIRED')).toMatchObject({
      escalateTo: ['SENDER_SUPERVISOR', 'REGION_MONITORING_GROUP'],
      escalationTaskId: expect.any(String),
    });

    expect((await referralRow(ds, after.referralId)).escalate_to).toEqual(['REGION_MONITORING_GROUP']);
    expect(await openTaskTypes(ds, after.referralId)).toEqual(['MONITORING_ALERT', 'REROUTE']);
  });

  it('a supervisor-only policy: missed service deadline → supervisor escalation, no monitoring alert', async () => {
    policy = escalatingTo('supervisor-only-1', [EscalationTarget.SENDER_SUPERVISOR]);
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await opened(referralId);
    policy = MONITORING_ONLY; // pinned already: does not apply to this referral
    await h.facade.acceptReferral(referralId, USER['ssa.officer']);
    await h.env.sleep('25 hours'); // HIGH risk: service within 1 day
    await eventually(async () => (await referralRow(ds, referralId)).status === 'ESCALATED');
    expect(await openTaskTypes(ds, referralId)).toEqual(['ESCALATION', 'REFERRAL_SERVICE', 'REROUTE']);
    expect(await escalationEntry(ds, referralId, 'REFERRAL_ESCALATED')).toMatchObject({
      phase: 'SERVICE',
      escalateTo: ['SENDER_SUPERVISOR'],
      monitoringTaskId: null,
      monitoringOrganisationId: null,
    });
  });
});
