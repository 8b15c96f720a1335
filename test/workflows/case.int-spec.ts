/**
 * Case workflow: consent withdrawal cuts off pending referrals at once, follow-ups by risk level, closure with a
 * supervisor's approval, continue-as-new carrying state. Embedded Temporal (time skipping), real worker, PostgreSQL.
 */
jest.setTimeout(90_000);

import { caseWorkflowId, referralWorkflowId, type ReferralWorkflowResult, type CaseWorkflowResult } from '@lib/contracts';
import { bindPositional, caseScope, type Actor } from '@lib/authz';
import { ConsentPurpose, DataCategory, DataProfile, OrganisationType, ReferralStatus, RiskLevel, ServiceType, StaffRole } from '@lib/domain';
import { type DataSource } from 'typeorm';
import {
  auditActions,
  caseWithSsaReferral,
  insertCase,
  insertConsent,
  insertReferral,
  ORG,
  referralRow,
  tasksOf,
  timelineKinds,
  USER,
} from './support/fixtures';
import { eventually, startHarness, taskAppears, type Harness } from './support/harness';

const SSA_OFFICER: Actor = {
  staffId: USER['ssa.officer'],
  organisationId: ORG.SSA,
  organisationType: OrganisationType.SSA,
  region: 'national',
  roles: [StaffRole.AGENCY_OFFICER],
};

async function visibleCaseIds(ds: DataSource, actor: Actor): Promise<string[]> {
  const { text, values } = bindPositional(caseScope(actor, 'c'));
  const rows: { id: string }[] = await ds.query(`SELECT c.id FROM cases c WHERE ${text}`, values);
  return rows.map((r) => r.id);
}

describe('case workflow', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const taskOfType = (where: { caseId?: string; referralId?: string }, type: string) => taskAppears(h.db.dataSource, where, type);

  it('consent withdrawn while a referral is pending: referral WITHDRAWN, recipient cut off, timeline says why', async () => {
    const ds = h.db.dataSource;
    const { caseId, consentId, referralId } = await caseWithSsaReferral(ds, await h.now());
    // A second referral on a legal basis-free, identity-free profile does not depend on the consent and stays.
    const noticeId = await insertReferral(ds, {
      caseId,
      createdAt: await h.now(),
      to: ORG.POLICE_BAKU,
      serviceType: ServiceType.ANONYMOUS_INCIDENT_NOTICE,
      profile: DataProfile.ANONYMOUS_INCIDENT,
      categories: [],
      purpose: ConsentPurpose.LAW_ENFORCEMENT,
    });
    await h.facade.startReferral(caseId, referralId);
    await h.facade.startReferral(caseId, noticeId);
    await taskOfType({ referralId }, 'REFERRAL_RESPONSE');
    await taskOfType({ referralId: noticeId }, 'REFERRAL_RESPONSE');
    expect(await visibleCaseIds(ds, SSA_OFFICER)).toContain(caseId);

    // The API's ConsentService marks the consent withdrawn, then signals the case workflow.
    await ds.query(`UPDATE consents SET withdrawn_at = $2, withdrawal_reason = 'REQUESTED_BY_PERSON' WHERE id = $1`, [
      consentId,
      await h.now(),
    ]);
    await h.facade.signalConsentWithdrawn(caseId, consentId, USER['dost.manager']);

    const result = await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId));
    expect(result.status).toBe(ReferralStatus.WITHDRAWN);
    const row = await referralRow(ds, referralId);
    expect(row).toMatchObject({ status: 'WITHDRAWN', withdraw_reason: 'CONSENT_WITHDRAWN' });
    const response = (await tasksOf(ds, { referralId })).find((t) => t.type === 'REFERRAL_RESPONSE');
    expect(response?.status).toBe('CANCELLED');
    expect(await visibleCaseIds(ds, SSA_OFFICER)).not.toContain(caseId);
    const entries: { details: Record<string, string> }[] = await ds.query(
      `SELECT details FROM timeline_entries WHERE referral_id = $1 AND kind = 'REFERRAL_WITHDRAWN'`,
      [referralId],
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toMatchObject({ cause: 'CONSENT_WITHDRAWN', consentId });
    expect(await auditActions(ds, caseId)).toContain('REFERRAL_WITHDRAWN');
    // the anonymous notice did not depend on the consent
    expect((await referralRow(ds, noticeId)).status).toBe('PENDING');
  });

  it('re-checks consent right before disclosure: a consent withdrawn before the workflow runs means no task at all', async () => {
    const ds = h.db.dataSource;
    const { caseId, consentId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await ds.query(`UPDATE consents SET withdrawn_at = $2 WHERE id = $1`, [consentId, new Date((await h.now()).getTime() - 10)]);
    await h.facade.startReferral(caseId, referralId);
    const result = await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId));
    expect(result.status).toBe(ReferralStatus.WITHDRAWN);
    expect((await referralRow(ds, referralId)).withdraw_reason).toBe('CONSENT_NOT_IN_FORCE');
    expect((await tasksOf(ds, { referralId })).filter((t) => t.type === 'REFERRAL_RESPONSE')).toHaveLength(0);
    expect(await auditActions(ds, caseId)).not.toContain('REFERRAL_DISCLOSED');
  });

  it('follow-ups on the schedule of the risk level (high: within 24 h, then weekly)', async () => {
    const ds = h.db.dataSource;
    const openedAt = await h.now();
    const caseId = await insertCase(ds, { openedAt, riskLevel: RiskLevel.HIGH });
    await h.facade.startCaseWorkflow(caseId);
    const first = await taskOfType({ caseId }, 'FOLLOW_UP');
    expect(first).toMatchObject({ organisation_id: ORG.DOST_BAKU, assignee_id: USER['dost.manager'], status: 'OPEN' });
    expect(first.due_at!.getTime() - openedAt.getTime()).toBe(24 * 3600_000);
    await h.env.sleep('25 hours');
    const all = await eventually(async () => {
      const ts = (await tasksOf(ds, { caseId })).filter((t) => t.type === 'FOLLOW_UP');
      return ts.length >= 2 ? ts : null;
    });
    const dues = all.map((t) => t.due_at!.getTime() - openedAt.getTime()).sort((a, b) => a - b);
    expect(dues).toEqual([24 * 3600_000, (24 + 7 * 24) * 3600_000]);
  });

  it('closure needs a supervisor: request → approval task; non-supervisor refused; approval ends open referrals', async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await taskOfType({ referralId }, 'REFERRAL_RESPONSE');

    await expect(h.facade.approveClosure(caseId, USER['dost.supervisor'])).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const requested = await h.facade.requestClosure(caseId, USER['dost.manager']);
    expect(requested.phase).toBe('CLOSURE_REQUESTED');
    const approval = await taskOfType({ caseId }, 'CLOSURE_APPROVAL');
    expect(approval).toMatchObject({ assignee_id: USER['dost.supervisor'], status: 'OPEN' });
    await expect(h.facade.approveClosure(caseId, USER['dost.manager'])).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const closed = await h.facade.approveClosure(caseId, USER['dost.supervisor']);
    expect(closed.phase).toBe('CLOSED');
    const caseResult = await h.resultOf<CaseWorkflowResult>(caseWorkflowId(caseId));
    expect(caseResult.phase).toBe('CLOSED');
    const referralResult = await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId));
    expect(referralResult.status).toBe(ReferralStatus.WITHDRAWN);
    expect((await referralRow(ds, referralId)).withdraw_reason).toBe('CASE_CLOSED');
    const c: { status: string; closure_approved_by: string }[] = await ds.query(
      `SELECT status, closure_approved_by FROM cases WHERE id = $1`,
      [caseId],
    );
    expect(c[0]).toEqual({ status: 'CLOSED', closure_approved_by: USER['dost.supervisor'] });
    const open = (await tasksOf(ds, { caseId })).filter((t) => t.status === 'OPEN');
    expect(open).toEqual([]);
    expect(await timelineKinds(ds, caseId)).toEqual(expect.arrayContaining(['CLOSURE_REQUESTED', 'CASE_CLOSED']));
  });

  it('continues as new past the history limit, carrying its referrals and follow-up schedule', async () => {
    const ds = h.db.dataSource;
    const openedAt = await h.now();
    const caseId = await insertCase(ds, { openedAt, riskLevel: RiskLevel.LOW });
    const consentId = await insertConsent(ds, {
      caseId,
      grantedAt: new Date(openedAt.getTime() - 1000),
      recipientOrganisationType: OrganisationType.NGO,
      categories: [DataCategory.IDENTITY, DataCategory.CONTACT],
      purposes: [ConsentPurpose.LEGAL_AID],
    });
    await h.env.client.workflow.start('caseWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [{ caseId, historyEventLimit: 25 }],
    });
    const firstRun = (await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).describe()).runId;
    const referralIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await insertReferral(ds, {
        caseId,
        createdAt: await h.now(),
        to: ORG.NGO_LEGAL_CLINIC,
        serviceType: ServiceType.LEGAL_AID,
        profile: DataProfile.FULL,
        categories: [DataCategory.IDENTITY, DataCategory.CONTACT],
        purpose: ConsentPurpose.LEGAL_AID,
        consentId,
      });
      referralIds.push(id);
      await h.facade.startReferral(caseId, id);
      await taskOfType({ referralId: id }, 'REFERRAL_RESPONSE');
    }
    const state = await eventually(async () => {
      const s = await h.facade.caseState(caseId);
      return s.generation >= 1 ? s : null;
    });
    const describe = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
    expect(describe.runId).not.toBe(firstRun);
    expect(describe.status.name).toBe('RUNNING');
    expect(state.referrals.map((r) => r.referralId).sort()).toEqual([...referralIds].sort());
    expect(state.followUpsScheduled).toBe(1);
    expect((await tasksOf(ds, { caseId })).filter((t) => t.type === 'FOLLOW_UP')).toHaveLength(1);

    // The new run still owns the referrals: a consent withdrawal reaches all four (started by the first run).
    await ds.query(`UPDATE consents SET withdrawn_at = $2 WHERE id = $1`, [consentId, await h.now()]);
    await h.facade.signalConsentWithdrawn(caseId, consentId, USER['dost.manager']);
    for (const id of referralIds) {
      const r = await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(id));
      expect(r.status).toBe(ReferralStatus.WITHDRAWN);
    }
  });

  it('API-side withdrawals (consent service, sender) already in the database: the workflows stop, nothing written twice', async () => {
    const ds = h.db.dataSource;
    const { caseId, consentId, referralId } = await caseWithSsaReferral(ds, await h.now());
    const second = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await h.facade.startReferral(second.caseId, second.referralId);
    await taskOfType({ referralId }, 'REFERRAL_RESPONSE');
    await taskOfType({ referralId: second.referralId }, 'REFERRAL_RESPONSE');

    // What the API's ConsentWithdrawalService does in its own transaction, then it signals the case workflow.
    await ds.query(`UPDATE consents SET withdrawn_at = $2 WHERE id = $1`, [consentId, await h.now()]);
    await ds.query(`UPDATE referrals SET status = 'WITHDRAWN', withdraw_reason = 'Consent withdrawn', version = version + 1 WHERE id = $1`, [referralId]);
    await ds.query(`UPDATE tasks SET status = 'CANCELLED' WHERE referral_id = $1 AND status = 'OPEN'`, [referralId]);
    await h.facade.signalConsentWithdrawn(caseId, consentId, USER['dost.manager']);

    // The sender withdrew the second referral through the API.
    await ds.query(`UPDATE referrals SET status = 'WITHDRAWN', withdraw_reason = 'Placed elsewhere', version = version + 1 WHERE id = $1`, [
      second.referralId,
    ]);
    await h.facade.referralWithdrawnByApi(second.referralId);

    for (const id of [referralId, second.referralId]) {
      expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(id))).status).toBe(ReferralStatus.WITHDRAWN);
      // ended by the signal, not by reaching the deadline
      const closed = (await h.env.client.workflow.getHandle(referralWorkflowId(id)).describe()).closeTime!;
      expect(closed.getTime()).toBeLessThan((await referralRow(ds, id)).response_due_at.getTime() - 3600_000);
      expect((await tasksOf(ds, { referralId: id })).filter((t) => t.type === 'ESCALATION')).toEqual([]);
    }
    expect((await referralRow(ds, referralId)).withdraw_reason).toBe('Consent withdrawn'); // the API's write stands
    expect(await auditActions(ds, caseId)).not.toContain('REFERRAL_WITHDRAWN'); // no second audit event from the worker
  });
});
