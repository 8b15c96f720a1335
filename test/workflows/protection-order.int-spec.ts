/**
 * Protection order workflow (issue 16), a child of the case workflow: issuance missed at 24 h escalates, the expiry
 * alert fires 7 days before expiry and an extension moves it, a breach raises the police task, the owner's task, the
 * reassessment prompt and the monitoring alert at once. Embedded Temporal (time skipping), real worker, PostgreSQL.
 * The API's ProtectionOrderService writes the rows and signals; here the test writes the same rows.
 */
jest.setTimeout(90_000);

import { randomUUID } from 'node:crypto';
import { protectionOrderWorkflowId, type ProtectionOrderWorkflowResult } from '@lib/contracts';
import { ConsentPurpose, DataProfile, RiskLevel, ServiceType } from '@lib/domain';
import { insertCase, insertProtectionOrder, insertReferral, ORG, tasksOf, timelineKinds, USER, type TaskRow } from './support/fixtures';
import { eventually, startHarness, type Harness } from './support/harness';

const H = 3_600_000;
const D = 24 * H;

describe('protection order workflow', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const ds = () => h.db.dataSource;
  const ofType = async (caseId: string, type: string): Promise<TaskRow[]> => (await tasksOf(ds(), { caseId })).filter((t) => t.type === type);
  /** A case referred to the Baku police (so the police hear of its orders). */
  async function caseWithPolice(): Promise<string> {
    const now = await h.now();
    const caseId = await insertCase(ds(), { openedAt: now, riskLevel: RiskLevel.HIGH });
    await insertReferral(ds(), {
      caseId,
      createdAt: now,
      to: ORG.POLICE_BAKU,
      serviceType: ServiceType.ANONYMOUS_INCIDENT_NOTICE,
      profile: DataProfile.ANONYMOUS_INCIDENT,
      categories: [],
      purpose: ConsentPurpose.LAW_ENFORCEMENT,
    });
    return caseId;
  }
  const settle = () => h.env.sleep('1 second');

  it('issuance not recorded by exactly 24 h after the application escalates to the applicant’s supervisor, once', async () => {
    const caseId = await caseWithPolice();
    const appliedAt = await h.now();
    const orderId = await insertProtectionOrder(ds(), caseId, { appliedAt });
    await h.facade.startProtectionOrder(caseId, orderId);
    await eventually(() => h.facade.protectionOrderState(orderId).then(() => true, () => false));

    await h.env.sleep(24 * H - 60_000);
    await settle();
    expect(await ofType(caseId, 'ESCALATION')).toEqual([]);
    expect((await h.facade.protectionOrderState(orderId)).issuanceEscalated).toBe(false);

    await h.env.sleep(120_000);
    const [escalation] = await eventually(async () => {
      const ts = await ofType(caseId, 'ESCALATION');
      return ts.length > 0 ? ts : null;
    });
    expect(escalation).toMatchObject({ organisation_id: ORG.DOST_BAKU, assignee_id: USER['dost.supervisor'], status: 'OPEN' });
    const [entry]: { occurred_at: Date }[] = await ds().query(
      `SELECT occurred_at FROM timeline_entries WHERE case_id = $1 AND kind = 'PROTECTION_ORDER_ISSUANCE_OVERDUE'`,
      [caseId],
    );
    // at the due instant (the timer's workflow task runs a few virtual milliseconds after it), not before
    expect(entry!.occurred_at.getTime() - appliedAt.getTime()).toBeGreaterThanOrEqual(24 * H);
    expect(entry!.occurred_at.getTime() - appliedAt.getTime()).toBeLessThan(24 * H + 60_000);
    await h.env.sleep('3 days');
    expect(await ofType(caseId, 'ESCALATION')).toHaveLength(1);
    await h.env.client.workflow.getHandle(protectionOrderWorkflowId(orderId)).terminate('test done');
  });

  it('an issued order alerts the owner and the police exactly 7 days before expiry; an extension moves the alert and the expiry', async () => {
    const caseId = await caseWithPolice();
    const issuedAt = await h.now();
    const orderId = await insertProtectionOrder(ds(), caseId, {
      appliedAt: new Date(issuedAt.getTime() - H),
      issued: { at: issuedAt, expiresAt: new Date(issuedAt.getTime() + 30 * D), alertAt: new Date(issuedAt.getTime() + 23 * D) },
    });
    await h.facade.startProtectionOrder(caseId, orderId);
    await eventually(() => h.facade.protectionOrderState(orderId).then(() => true, () => false));

    await h.env.sleep(23 * D - 60_000);
    await settle();
    expect(await ofType(caseId, 'PROTECTION_ORDER_ALERT')).toEqual([]);
    await h.env.sleep(120_000);
    const first = await eventually(async () => {
      const ts = await ofType(caseId, 'PROTECTION_ORDER_ALERT');
      return ts.length === 2 ? ts : null;
    });
    expect(first.map((t) => t.organisation_id).sort()).toEqual([ORG.DOST_BAKU, ORG.POLICE_BAKU].sort());
    expect(first.every((t) => t.due_at!.getTime() === issuedAt.getTime() + 30 * D)).toBe(true);
    expect(first.find((t) => t.organisation_id === ORG.DOST_BAKU)!.assignee_id).toBe(USER['dost.manager']);

    // Extended to 55 days (the API validated it and recorded the new alert instant): new alert at 48 days, expiry at 55.
    await ds().query(`UPDATE protection_orders SET expires_at = $2, alert_at = $3, extension_count = 1 WHERE id = $1`, [
      orderId,
      new Date(issuedAt.getTime() + 55 * D),
      new Date(issuedAt.getTime() + 48 * D),
    ]);
    await h.facade.protectionOrderChanged(caseId, orderId);
    await h.env.sleep(30 * D - 23 * D + H); // past the old expiry: nothing expires
    await settle();
    expect((await h.facade.protectionOrderState(orderId)).status).toBe('ISSUED');
    expect(await ofType(caseId, 'PROTECTION_ORDER_ALERT')).toHaveLength(2);

    const now = (await h.now()).getTime();
    await h.env.sleep(issuedAt.getTime() + 48 * D - now - 60_000);
    await settle();
    expect(await ofType(caseId, 'PROTECTION_ORDER_ALERT')).toHaveLength(2);
    await h.env.sleep(120_000);
    await eventually(async () => (await ofType(caseId, 'PROTECTION_ORDER_ALERT')).length === 4);

    const result = await h.resultOf<ProtectionOrderWorkflowResult>(protectionOrderWorkflowId(orderId));
    expect(result.status).toBe('EXPIRED');
    const [row]: { status: string }[] = await ds().query(`SELECT status FROM protection_orders WHERE id = $1`, [orderId]);
    expect(row!.status).toBe('EXPIRED');
    const [expired]: { occurred_at: Date }[] = await ds().query(
      `SELECT occurred_at FROM timeline_entries WHERE case_id = $1 AND kind = 'PROTECTION_ORDER_EXPIRED'`,
      [caseId],
    );
    expect(expired!.occurred_at.getTime()).toBeGreaterThanOrEqual(issuedAt.getTime() + 55 * D);
    expect(expired!.occurred_at.getTime()).toBeLessThan(issuedAt.getTime() + 55 * D + 60_000);
  });

  it('a reported breach creates the police task, the owner task, the reassessment prompt and the monitoring alert at once', async () => {
    const caseId = await caseWithPolice();
    const issuedAt = await h.now();
    const orderId = await insertProtectionOrder(ds(), caseId, {
      appliedAt: new Date(issuedAt.getTime() - H),
      issued: { at: issuedAt, expiresAt: new Date(issuedAt.getTime() + 60 * D), alertAt: new Date(issuedAt.getTime() + 53 * D) },
    });
    await h.facade.startProtectionOrder(caseId, orderId);
    await eventually(() => h.facade.protectionOrderState(orderId).then(() => true, () => false));
    await h.env.sleep('2 days');
    const breachId = randomUUID();
    const reportedAt = await h.now();
    await ds().query(
      `INSERT INTO protection_order_breaches (id, order_id, case_id, reported_by, reporter_organisation_id, occurred_at, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)`,
      [breachId, orderId, caseId, USER['police.officer'], ORG.POLICE_BAKU, reportedAt],
    );
    await h.facade.protectionOrderBreached(caseId, orderId, breachId);
    await h.facade.protectionOrderBreached(caseId, orderId, breachId); // re-sent: handled once

    const all = await eventually(async () => {
      const ts = (await tasksOf(ds(), { caseId })).filter((t) => ['PROTECTION_ORDER_ALERT', 'RISK_REASSESSMENT', 'MONITORING_ALERT'].includes(t.type));
      return ts.length === 4 ? ts : null;
    });
    const by = (type: string, org: string) => all.filter((t) => t.type === type && t.organisation_id === org);
    expect(by('PROTECTION_ORDER_ALERT', ORG.POLICE_BAKU)).toHaveLength(1);
    expect(by('PROTECTION_ORDER_ALERT', ORG.DOST_BAKU)[0]).toMatchObject({ assignee_id: USER['dost.manager'], status: 'OPEN' });
    expect(by('RISK_REASSESSMENT', ORG.DOST_BAKU)[0]).toMatchObject({ assignee_id: USER['dost.manager'], status: 'OPEN' });
    expect(by('MONITORING_ALERT', ORG.MONITORING_BAKU)).toHaveLength(1);
    // "at once": all four written by one activity in one transaction, at the instant the breach was reported
    const created: { n: number }[] = await ds().query(
      `SELECT count(DISTINCT created_at)::int AS n FROM tasks WHERE case_id = $1 AND type IN ('PROTECTION_ORDER_ALERT', 'RISK_REASSESSMENT', 'MONITORING_ALERT')`,
      [caseId],
    );
    expect(created[0]!.n).toBe(1);
    const dues = new Set(all.filter((t) => t.type !== 'MONITORING_ALERT').map((t) => t.due_at!.getTime()));
    expect(dues.size).toBe(1);
    expect([...dues][0]).toBeGreaterThanOrEqual(reportedAt.getTime());
    await settle();
    expect((await h.facade.protectionOrderState(orderId)).breachesHandled).toBe(1);
    expect(await timelineKinds(ds(), caseId)).toContain('PROTECTION_ORDER_BREACH_ALERTED');
    await h.env.client.workflow.getHandle(protectionOrderWorkflowId(orderId)).terminate('test done');
  });
});
