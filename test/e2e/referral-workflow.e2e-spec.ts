/**
 * The API (GraphQL over HTTP) + the real worker + our embedded Temporal server (time skipping), on one database.
 *
 * Everything goes through GraphQL: the resolvers start the case and referral workflows and send accept/complete as
 * workflow updates; the test only reads workflow results to wait for the (time-skipped) deadline.
 */
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { referralWorkflowId, type ReferralWorkflowResult } from '@lib/contracts';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, DurationUnit, RiskLevel } from '@lib/domain';
import { DEMO_ORG_IDS } from '@lib/persistence';
import { type ReferralProcessClient } from '@lib/temporal';
import { type ApiHarness } from './support/api-harness';
import { startTemporalApi, type TemporalApi } from './support/temporal-api';
import { CASE_WITH_SURVIVOR, CREATE_REFERRAL, INBOX, RECORD_CONSENT, SURVIVOR, key, openCase } from './support/operations';

/** A policy whose HIGH-risk response window is 30 minutes (the second referral is timed with it). */
const SHORT_POLICY: DeadlinePolicy = {
  ...DEFAULT_DEADLINE_POLICY,
  version: 'e2e-short-response',
  referral: {
    ...DEFAULT_DEADLINE_POLICY.referral,
    byRisk: {
      ...DEFAULT_DEADLINE_POLICY.referral.byRisk,
      [RiskLevel.HIGH]: { ...DEFAULT_DEADLINE_POLICY.referral.byRisk[RiskLevel.HIGH], response: { amount: 30, unit: DurationUnit.MINUTES } },
    },
  },
};

describe('referral workflow end to end (GraphQL + worker + embedded Temporal)', () => {
  let stack: TemporalApi;
  let api: ApiHarness;
  let env: TestWorkflowEnvironment;
  let facade: ReferralProcessClient;
  let policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY;

  beforeAll(async () => {
    stack = await startTemporalApi({ policy: () => policy });
    ({ api, env, facade } = stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const inbox = async (user: string) =>
    ((await api.ok(user, INBOX, { first: 50 })).inbox.edges as { node: Record<string, any> }[]).map((e) => e.node);

  async function referToSsa(caseId: string): Promise<{ id: string; version: number }> {
    const data = await api.ok('dost.manager', CREATE_REFERRAL, {
      input: {
        caseId,
        toOrganisationId: DEMO_ORG_IDS.SSA,
        serviceType: 'SHELTER_PLACEMENT',
        purpose: 'SHELTER_PLACEMENT',
        dataCategories: ['HEALTH'],
        idempotencyKey: key('ref'),
      },
    });
    return data.createReferral as { id: string; version: number };
  }

  it('DOST case → consent → shelter referral via the SSA → pseudonymous task → accepted, completed; monitoring sees no identity; a missed deadline escalates', async () => {
    // DOST case manager opens the case and records consent to the SSA for shelter placement.
    const opened = await openCase(api);
    expect((await facade.caseState(opened.id)).caseId).toBe(opened.id); // openCase started the case workflow
    await api.ok('dost.manager', RECORD_CONSENT, {
      input: {
        caseId: opened.id,
        grantor: 'SELF',
        recipientOrganisationId: DEMO_ORG_IDS.SSA,
        dataCategories: ['HEALTH', 'CHILDREN'],
        purposes: ['SHELTER_PLACEMENT'],
        method: 'WRITTEN',
        idempotencyKey: key('consent'),
      },
    });
    const referral = await referToSsa(opened.id);

    // The SSA officer's inbox: one REFERRAL_RESPONSE task, case code only; the case is pseudonymous to them.
    const ssaTask = await eventuallyFind(() => inbox('ssa.officer'), (n) => n.referralId === referral.id && n.type === 'REFERRAL_RESPONSE');
    expect(ssaTask).toMatchObject({ caseCode: opened.caseCode, status: 'OPEN' });
    expect((await inbox('ssa.officer')).filter((n) => n.referralId === referral.id)).toHaveLength(1);
    const seen = await api.gql('ssa.officer', CASE_WITH_SURVIVOR, { id: opened.id });
    expect(seen.data.case.dataProfile).toBe('PSEUDONYMOUS');
    expect(seen.data.case.survivor?.fullName ?? null).toBeNull();
    expect(seen.data.case.survivor?.address ?? null).toBeNull();
    expect(JSON.stringify(seen.data)).not.toContain(SURVIVOR.fullName);

    // Accept and complete through GraphQL: each is a workflow update, answered synchronously.
    const version = async (): Promise<number> =>
      (await api.ok('ssa.officer', `query($id: UUID!) { referral(id: $id) { version } }`, { id: referral.id })).referral.version as number;
    const accepted = await api.ok('ssa.officer', `mutation($input: AcceptReferralInput!) { acceptReferral(input: $input) { status } }`, {
      input: { referralId: referral.id, expectedVersion: await version() },
    });
    expect(accepted.acceptReferral.status).toBe('ACCEPTED');
    expect((await facade.referralState(referral.id)).status).toBe('ACCEPTED');
    // An invalid transition is refused synchronously with a typed error, and writes nothing.
    const again = await api.gql('ssa.officer', `mutation($input: DeclineReferralInput!) { declineReferral(input: $input) { status } }`, {
      input: { referralId: referral.id, expectedVersion: await version(), reason: 'No places left' },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const completed = await api.ok('ssa.officer', `mutation($input: CompleteReferralInput!) { completeReferral(input: $input) { status } }`, {
      input: { referralId: referral.id, expectedVersion: await version(), outcome: 'Placed in a shelter' },
    });
    expect(completed.completeReferral.status).toBe('COMPLETED');
    // Not result(): awaiting it unlocks time skipping, and virtual time could jump to the case's 24 h follow-up while
    // the API stamps rows with wall time. The query answers without moving the clock.
    expect((await facade.referralState(referral.id)).status).toBe('COMPLETED');
    const done = await api.ok('dost.manager', `query($id: UUID!) { referral(id: $id) { status } }`, { id: referral.id });
    expect(done.referral.status).toBe('COMPLETED');

    // The monitoring officer sees the case's status, de-identified.
    const monitoring = await api.ok('monitoring.officer', `{ regionCaseStatus { caseId caseCode status riskLevel openReferrals overdueReferrals } }`);
    const row = (monitoring.regionCaseStatus as Record<string, any>[]).find((r) => r.caseId === opened.id);
    expect(row).toMatchObject({ status: 'OPEN', riskLevel: 'HIGH', openReferrals: 0 });
    expect(JSON.stringify(monitoring)).not.toContain(SURVIVOR.fullName);

    // A second referral, timed with a policy-shortened response window (30 min), is not answered.
    policy = SHORT_POLICY;
    const late = await referToSsa(opened.id);
    await eventuallyFind(() => inbox('ssa.officer'), (n) => n.referralId === late.id);
    const result = (await env.client.workflow.getHandle(referralWorkflowId(late.id)).result()) as ReferralWorkflowResult;
    expect(result.status).toBe('EXPIRED');
    policy = DEFAULT_DEADLINE_POLICY;

    const lateRow = await api.ok('dost.manager', `query($id: UUID!) { referral(id: $id) { status responseDueAt } }`, { id: late.id });
    expect(lateRow.referral.status).toBe('EXPIRED');
    const escalation = (await inbox('dost.supervisor')).find((n) => n.referralId === late.id && n.type === 'ESCALATION');
    expect(escalation).toMatchObject({ caseCode: opened.caseCode, status: 'OPEN' });
    const alert = (await inbox('monitoring.officer')).find((n) => n.referralId === late.id && n.type === 'MONITORING_ALERT');
    expect(alert).toBeDefined();
    expect((await inbox('dost.manager')).find((n) => n.referralId === late.id && n.type === 'REROUTE')).toBeDefined();
    // The recipient lost the expired task.
    expect((await inbox('ssa.officer')).filter((n) => n.referralId === late.id && n.status === 'OPEN')).toEqual([]);
    const escalated: { escalated_at: Date; response_due_at: Date }[] = await api.db.dataSource.query(
      `SELECT escalated_at, response_due_at FROM referrals WHERE id = $1`,
      [late.id],
    );
    expect(escalated[0]!.response_due_at.getTime() - new Date(lateRow.referral.responseDueAt).getTime()).toBe(0);
    expect(escalated[0]!.escalated_at.getTime() - escalated[0]!.response_due_at.getTime()).toBeLessThan(1000);
  });
});

async function eventuallyFind<T>(list: () => Promise<T[]>, pred: (t: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await list()).find(pred);
    if (found) return found;
    if (Date.now() > until) throw new Error('eventuallyFind: timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
