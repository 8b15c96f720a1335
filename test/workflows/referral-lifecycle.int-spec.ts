/**
 * One writer of referral transitions: the API's direct path (ReferralTransitionService) and the workflow's activity
 * (applyReferralTransition) write the same status, tasks, timeline entries and audit events for the same story.
 */
jest.setTimeout(60_000);

import { MockActivityEnvironment } from '@temporalio/testing';
import { type DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { type Actor } from '@lib/authz';
import { TimelineWriter } from '@lib/cases';
import { DEFAULT_DEADLINE_POLICY, type OrganisationType, ReferralStatus, StaffRole } from '@lib/domain';
import { ReferralProcessActivitiesImpl } from '@lib/referral-process';
import { ReferralLifecycleWriter, ReferralTransitionService } from '@lib/referrals';
import { TaskWriter } from '@lib/tasks';
import { createTestDatabase, type TestDatabase } from '../support';
import { caseWithSsaReferral, ORG, USER } from './support/fixtures';

/** Runs `fn` as an activity (activity context, attempt 1). */
const inActivity = <R>(fn: () => Promise<R>): Promise<R> => new MockActivityEnvironment().run<[], R, () => Promise<R>>(fn);

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

describe('referral transitions: the API path and the activity path write the same rows', () => {
  let db: TestDatabase;
  let activities: ReferralProcessActivitiesImpl;
  let api: ReferralTransitionService;
  let officer: Actor;

  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
    activities = new ReferralProcessActivitiesImpl(db.dataSource, { policy: () => DEFAULT_DEADLINE_POLICY });
    const audit = new AuditWriter();
    api = new ReferralTransitionService(db.dataSource, new ReferralLifecycleWriter(audit, new TimelineWriter(), new TaskWriter()));
    const org: { type: OrganisationType; region: string }[] = await db.dataSource.query(`SELECT type, region FROM organisations WHERE id = $1`, [ORG.SSA]);
    officer = { staffId: USER['ssa.officer'], organisationId: ORG.SSA, organisationType: org[0]!.type, region: org[0]!.region, roles: [StaffRole.AGENCY_OFFICER] };
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Two identical cases, each with a referral opened by the workflow's activity (pinned, response task in the inbox). */
  async function twoOpenedReferrals(): Promise<[string, string]> {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const now = new Date();
      const { referralId } = await caseWithSsaReferral(db.dataSource, now);
      const opened = await inActivity(() => activities.openReferral({ workflowId: `referral-${referralId}`, at: now.toISOString(), referralId }));
      expect(opened.outcome.kind).toBe('OPENED');
      ids.push(referralId);
    }
    return [ids[0]!, ids[1]!];
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
    const [direct, viaWorkflow] = await twoOpenedReferrals();
    const accepted = await api.accept(officer, { referralId: direct, expectedVersion: 2, requestId: null });
    await api.complete(officer, { referralId: direct, expectedVersion: accepted.version, requestId: null, outcome: 'Placed in a shelter' });
    await viaActivity(viaWorkflow, 'u-1', { type: 'ACCEPT' });
    expect((await viaActivity(viaWorkflow, 'u-2', { type: 'COMPLETE', outcome: 'Placed in a shelter' })).status).toBe(ReferralStatus.COMPLETED);

    const a = await written(db.dataSource, direct);
    expect(await written(db.dataSource, viaWorkflow)).toEqual(a);
    // and what they both wrote is the story itself
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
    const [direct, viaWorkflow] = await twoOpenedReferrals();
    await api.decline(officer, { referralId: direct, expectedVersion: 2, requestId: null, reason: 'No places left' });
    await viaActivity(viaWorkflow, 'u-1', { type: 'DECLINE', reason: 'No places left' });

    const a = await written(db.dataSource, direct);
    expect(await written(db.dataSource, viaWorkflow)).toEqual(a);
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
