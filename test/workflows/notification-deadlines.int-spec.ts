/**
 * Reminder and escalation notifications come from the referral workflow's own durable timers (no deadline scan):
 * with time skipping, the outbox holds a DEADLINE_REMINDER at each reminder instant before the response deadline, and
 * at the deadline a DEADLINE_MISSED to the recipient, a mandatory ESCALATION to the sender's supervisor, a mandatory
 * MONITORING_ALERT to the region's monitoring group and a REROUTE suggestion to the sender, each once.
 */
jest.setTimeout(90_000);

import { referralWorkflowId, type ReferralWorkflowResult } from '@lib/contracts';
import { DEFAULT_DEADLINE_POLICY, ReferralStatus } from '@lib/domain';
import { caseWithSsaReferral, ORG, referralRow, USER } from './support/fixtures';
import { startHarness, taskAppears, type Harness } from './support/harness';

interface Row {
  kind: string;
  organisation_id: string;
  recipient_staff_id: string | null;
  task_type: string | null;
  mandatory: boolean;
  created_at: Date;
}

describe('deadline notifications (time skipping)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ policy: () => DEFAULT_DEADLINE_POLICY });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('reminders at their instants, then the missed deadline and the escalations at the deadline, each once', async () => {
    const ds = h.db.dataSource;
    const { caseId, referralId } = await caseWithSsaReferral(ds, await h.now());
    await h.facade.startReferral(caseId, referralId);
    await taskAppears(ds, { referralId }, 'REFERRAL_RESPONSE');
    expect((await h.resultOf<ReferralWorkflowResult>(referralWorkflowId(referralId))).status).toBe(
      ReferralStatus.EXPIRED,
    );

    const rows: Row[] = await ds.query(
      `SELECT kind, organisation_id, recipient_staff_id, task_type, mandatory, created_at FROM notifications
        WHERE referral_id = $1 ORDER BY created_at, kind`,
      [referralId],
    );
    const referral = await referralRow(ds, referralId);
    const dueAt = new Date(referral.response_due_at as string).getTime();
    const escalatedAt = new Date(referral.escalated_at as string).getTime();
    const reminderInstants: { occurred_at: Date }[] = await ds.query(
      `SELECT occurred_at FROM timeline_entries WHERE referral_id = $1 AND kind = 'REFERRAL_REMINDER' ORDER BY occurred_at`,
      [referralId],
    );
    expect(reminderInstants.length).toBeGreaterThan(0);

    const reminders = rows.filter((r) => r.kind === 'DEADLINE_REMINDER');
    expect(reminders.map((r) => new Date(r.created_at).getTime())).toEqual(
      reminderInstants.map((t) => new Date(t.occurred_at).getTime()),
    );
    for (const r of reminders) {
      expect(new Date(r.created_at).getTime()).toBeLessThan(dueAt);
      expect(r).toMatchObject({ organisation_id: ORG.SSA, task_type: 'REFERRAL_RESPONSE', mandatory: true }); // HIGH risk
    }

    const missed = rows.filter((r) => r.kind === 'DEADLINE_MISSED');
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ organisation_id: ORG.SSA, mandatory: true });
    // At the deadline: the escalation's (workflow) time, when the response timer fired.
    expect(new Date(missed[0]!.created_at).getTime()).toBe(escalatedAt);
    expect(escalatedAt - dueAt).toBeGreaterThanOrEqual(0);
    expect(escalatedAt - dueAt).toBeLessThan(60_000);

    const at = (kind: string): Row[] => rows.filter((r) => r.kind === kind);
    expect(at('ESCALATION')).toHaveLength(1);
    expect(at('ESCALATION')[0]).toMatchObject({
      organisation_id: ORG.DOST_BAKU,
      recipient_staff_id: USER['dost.supervisor'],
      mandatory: true,
    });
    expect(at('MONITORING_ALERT')).toHaveLength(1);
    expect(at('MONITORING_ALERT')[0]).toMatchObject({
      organisation_id: ORG.MONITORING_BAKU,
      mandatory: true,
    });
    expect(at('REROUTE_SUGGESTED')).toHaveLength(1);
    expect(at('NEW_REFERRAL')).toHaveLength(1);
  });
});
