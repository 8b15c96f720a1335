/**
 * Activities run at least once. Every activity here fails its FIRST attempt right AFTER its transaction committed
 * (an injected fault, as if the worker died before reporting), so Temporal retries it. The rows written must be
 * exactly those of a clean run: no duplicate tasks, timeline entries or audit events.
 */
jest.setTimeout(90_000);

import { referralWorkflowId, type ReferralWorkflowResult } from '@lib/contracts';
import { ReferralStatus } from '@lib/domain';
import { type DataSource } from 'typeorm';
import { caseWithSsaReferral, USER } from './support/fixtures';
import { startHarness, taskAppears, type Harness } from './support/harness';

const faulted = new Map<string, number>();

async function countBy(ds: DataSource, sql: string, params: unknown[]): Promise<Record<string, number>> {
  const rows: { k: string; n: string }[] = await ds.query(sql, params);
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}

const timelineCounts = (ds: DataSource, caseId: string) =>
  countBy(ds, `SELECT kind AS k, count(*)::text AS n FROM timeline_entries WHERE case_id = $1 GROUP BY kind`, [caseId]);
const auditCounts = (ds: DataSource, caseId: string) =>
  countBy(ds, `SELECT action AS k, count(*)::text AS n FROM audit_events WHERE case_id = $1 GROUP BY action`, [caseId]);
const taskCounts = (ds: DataSource, caseId: string) =>
  countBy(ds, `SELECT type || ':' || status AS k, count(*)::text AS n FROM tasks WHERE case_id = $1 GROUP BY 1`, [caseId]);

describe('activity retries do not duplicate writes', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      faults: (activity, attempt) => {
        if (attempt === 1) {
          faulted.set(activity, (faulted.get(activity) ?? 0) + 1);
          throw new Error(`injected fault after commit (${activity})`);
        }
      },
    });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('accept and complete: each write once although every activity ran twice', async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await taskAppears(ds, { referralId }, 'REFERRAL_RESPONSE', 30_000);
    expect((await h.facade.acceptReferral(referralId, USER['ssa.officer'])).status).toBe(ReferralStatus.ACCEPTED);
    expect((await h.facade.completeReferral(referralId, USER['ssa.officer'], 'Placed')).status).toBe(ReferralStatus.COMPLETED);
    expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId))).status).toBe(ReferralStatus.COMPLETED);

    for (const a of ['openReferral', 'applyReferralTransition', 'scheduleFollowUp']) {
      expect(faulted.get(a) ?? 0).toBeGreaterThanOrEqual(1);
    }
    expect(await taskCounts(ds, caseId)).toEqual({ 'REFERRAL_RESPONSE:DONE': 1, 'REFERRAL_SERVICE:DONE': 1, 'FOLLOW_UP:OPEN': 1 });
    expect(await timelineCounts(ds, caseId)).toEqual({
      REFERRAL_DEADLINES_SET: 1,
      REFERRAL_SENT: 1,
      REFERRAL_ACCEPTED: 1,
      REFERRAL_COMPLETED: 1,
    });
    expect(await auditCounts(ds, caseId)).toEqual({ REFERRAL_DISCLOSED: 1, REFERRAL_ACCEPTED: 1, REFERRAL_COMPLETED: 1 });
    const version: { version: number }[] = await ds.query(`SELECT version FROM referrals WHERE id = $1`, [referralId]);
    expect(version[0]!.version).toBe(4); // created 1 → pinned 2 → accepted 3 → completed 4: each transition applied once
  });

  it('missed deadline: one escalation, one monitoring alert, one reroute, reminders once each', async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await taskAppears(ds, { referralId }, 'REFERRAL_RESPONSE', 30_000);
    expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId))).status).toBe(ReferralStatus.EXPIRED);
    expect(faulted.get('escalateReferral') ?? 0).toBeGreaterThanOrEqual(1);
    expect(faulted.get('remindReferral') ?? 0).toBeGreaterThanOrEqual(2);
    const tasks = await taskCounts(ds, caseId);
    expect(tasks).toMatchObject({
      'REFERRAL_RESPONSE:CANCELLED': 1,
      'ESCALATION:OPEN': 1,
      'MONITORING_ALERT:OPEN': 1,
      'REROUTE:OPEN': 1,
    });
    expect(await timelineCounts(ds, caseId)).toMatchObject({
      REFERRAL_DEADLINES_SET: 1,
      REFERRAL_SENT: 1,
      REFERRAL_REMINDER: 2,
      REFERRAL_EXPIRED: 1,
    });
    expect(await auditCounts(ds, caseId)).toEqual({ REFERRAL_DISCLOSED: 1, REFERRAL_EXPIRED: 1 });
    // each reminder ran twice, the response task counts it once
    const reminded: { reminder_count: number }[] = await ds.query(
      `SELECT reminder_count FROM tasks WHERE referral_id = $1 AND type = 'REFERRAL_RESPONSE'`,
      [referralId],
    );
    expect(reminded).toEqual([{ reminder_count: 2 }]);
  });

  it('consent withdrawal: the referral is withdrawn once, with one timeline entry and one audit event', async () => {
    const ds = h.db.dataSource;
    const { caseId, consentId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await taskAppears(ds, { referralId }, 'REFERRAL_RESPONSE', 30_000);
    await ds.query(`UPDATE consents SET withdrawn_at = $2 WHERE id = $1`, [consentId, await h.now()]);
    await h.facade.signalConsentWithdrawn(caseId, consentId, USER['dost.manager']);
    expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId))).status).toBe(ReferralStatus.WITHDRAWN);
    expect(faulted.get('withdrawReferralsForConsent') ?? 0).toBeGreaterThanOrEqual(1);
    expect((await timelineCounts(ds, caseId)).REFERRAL_WITHDRAWN).toBe(1);
    expect((await auditCounts(ds, caseId)).REFERRAL_WITHDRAWN).toBe(1);
  });
});
