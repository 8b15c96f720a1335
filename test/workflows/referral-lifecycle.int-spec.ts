/**
 * The one path of a recipient's referral transitions: the workflow's activity (applyReferralTransition, through the
 * shared ReferralLifecycleWriter) writes the status, tasks, timeline entries and audit events of the story. The API
 * has no direct path any more: it authorizes, then sends the workflow update.
 */
jest.setTimeout(60_000);

import { type Info as ActivityInfo } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { type DataSource } from 'typeorm';
import { DEFAULT_DEADLINE_POLICY, ReferralStatus } from '@lib/domain';
import { ReferralProcessActivitiesImpl } from '@lib/referral-process';
import { createTestDatabase, type TestDatabase } from '../support';
import { caseWithSsaReferral, ORG, USER } from './support/fixtures';

/** Activities that fail on purpose here would log a warning each: errors only.*/
const quietActivityEnvironment = (info?: Partial<ActivityInfo>): MockActivityEnvironment =>
  new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });

/** Runs `fn` as an activity (activity context, attempt 1). */
const inActivity = <R>(fn: () => Promise<R>): Promise<R> => quietActivityEnvironment().run<[], R, () => Promise<R>>(fn);

/** What a transition wrote about one referral, without ids, keys and clocks that differ between two referrals. */
async function written(ds: DataSource, referralId: string): Promise<Record<string, unknown>> {
  const referral: Record<string, unknown>[] = await ds.query(
    `SELECT status, version, decline_reason, outcome_note, responded_at IS NOT NULL AS responded, completed_at IS NOT NULL AS completed
       FROM referrals WHERE id = $1`,
    [referralId],
  );
  const tasks: Record<string, unknown>[] = await ds.query(
    `SELECT type, status, organisation_id, assignee_id, completed_by, due_at IS NOT NULL AS has_due
       FROM tasks WHERE referral_id = $1 ORDER BY type, status`,
    [referralId],
  );
  const timeline: { details: Record<string, unknown> }[] = await ds.query(
    `SELECT kind, organisation_id, actor_id, details FROM timeline_entries
      WHERE referral_id = $1 AND kind IN ('REFERRAL_ACCEPTED', 'REFERRAL_DECLINED', 'REFERRAL_COMPLETED') ORDER BY occurred_at, kind`,
    [referralId],
  );
  const audit: Record<string, unknown>[] = await ds.query(
    `SELECT action, actor_id, organisation_id, fields, purpose, justification FROM audit_events
      WHERE subject_id = $1 AND action <> 'REFERRAL_DISCLOSED' ORDER BY seq`,
    [referralId],
  );
  return { referral: referral[0], tasks, timeline, audit };
}

describe('referral transitions: the workflow activity writes the story', () => {
  let db: TestDatabase;
  let activities: ReferralProcessActivitiesImpl;

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    activities = new ReferralProcessActivitiesImpl(db.dataSource, { policy: () => DEFAULT_DEADLINE_POLICY });
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** A case with a referral opened by the workflow's activity (pinned, response task in the inbox). */
  async function openedReferral(): Promise<string> {
    const now = new Date();
    const { referralId } = await caseWithSsaReferral(db.dataSource, now);
    const opened = await inActivity(() => activities.openReferral({ workflowId: `referral-${referralId}`, at: now.toISOString(), referralId }));
    expect(opened.outcome.kind).toBe('OPENED');
    return referralId;
  }

  const viaActivity = (referralId: string, requestId: string, transition: { type: 'ACCEPT' } | { type: 'DECLINE'; reason: string } | { type: 'COMPLETE'; outcome: string }) =>
    inActivity(() =>
      activities.applyReferralTransition({
        workflowId: `referral-${referralId}`,
        at: new Date().toISOString(),
        referralId,
        requestId,
        actorId: USER['ssa.officer'],
        transition,
      }),
    );

  it('accept then complete', async () => {
    const viaWorkflow = await openedReferral();
    await viaActivity(viaWorkflow, 'u-1', { type: 'ACCEPT' });
    expect((await viaActivity(viaWorkflow, 'u-2', { type: 'COMPLETE', outcome: 'Placed in a shelter' })).status).toBe(ReferralStatus.COMPLETED);
    // a retried activity (same request id) writes nothing twice
    await viaActivity(viaWorkflow, 'u-2', { type: 'COMPLETE', outcome: 'Placed in a shelter' });

    const a = await written(db.dataSource, viaWorkflow);
    expect(a).toMatchObject({
      referral: { status: 'COMPLETED', version: 4, outcome_note: 'Placed in a shelter', responded: true, completed: true },
      tasks: [
        { type: 'REFERRAL_RESPONSE', status: 'DONE', organisation_id: ORG.SSA, completed_by: USER['ssa.officer'] },
        { type: 'REFERRAL_SERVICE', status: 'DONE', organisation_id: ORG.SSA, assignee_id: USER['ssa.officer'], has_due: true },
      ],
      timeline: [
        { kind: 'REFERRAL_ACCEPTED', organisation_id: ORG.SSA, actor_id: USER['ssa.officer'], details: { from: 'PENDING', to: 'ACCEPTED', recipientOrganisationId: ORG.SSA } },
        { kind: 'REFERRAL_COMPLETED', organisation_id: ORG.SSA, actor_id: USER['ssa.officer'], details: { from: 'ACCEPTED', to: 'COMPLETED', recipientOrganisationId: ORG.SSA } },
      ],
      audit: [
        { action: 'REFERRAL_ACCEPTED', fields: ['status'], purpose: 'SHELTER_PLACEMENT' },
        { action: 'REFERRAL_COMPLETED', fields: ['status', 'outcomeNote'], purpose: 'SHELTER_PLACEMENT' },
      ],
    });
    expect(JSON.stringify(a.timeline)).not.toContain('Placed in a shelter'); // free text never in the timeline
  });

  it('decline: back to the sender with a re-route task', async () => {
    const viaWorkflow = await openedReferral();
    await viaActivity(viaWorkflow, 'u-1', { type: 'DECLINE', reason: 'No places left' });

    const a = await written(db.dataSource, viaWorkflow);
    expect(a).toMatchObject({
      referral: { status: 'DECLINED', decline_reason: 'No places left', responded: true },
      tasks: [
        { type: 'REFERRAL_RESPONSE', status: 'DONE' },
        { type: 'REROUTE', status: 'OPEN', organisation_id: ORG.DOST_BAKU, assignee_id: USER['dost.manager'], has_due: true },
      ],
      audit: [{ action: 'REFERRAL_DECLINED', fields: ['status', 'declineReason'] }],
    });
  });
});
