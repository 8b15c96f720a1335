/**
 * Case workflow, risk-level changes (issue 16): a reassessment re-plans the follow-ups at the new level, counted from
 * the assessment, and a rise to HIGH opens the region monitoring group's RISK_CONFERENCE task. Embedded Temporal (time
 * skipping), real worker, PostgreSQL. The API's RiskAssessmentService writes the assessment and the case's level, then
 * signals; here the test writes the same rows.
 */
jest.setTimeout(90_000);

import { caseWorkflowId } from '@lib/contracts';
import { RiskLevel } from '@lib/domain';
import { auditActions, insertCase, insertRiskAssessment as assessed, ORG, tasksOf, timelineKinds, USER } from './support/fixtures';
import { eventually, startHarness, type Harness } from './support/harness';

const H = 3_600_000;
const D = 24 * H;

describe('case workflow: risk-level changes', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const followUps = async (caseId: string) => (await tasksOf(h.db.dataSource, { caseId })).filter((t) => t.type === 'FOLLOW_UP');

  it('a reassessment to HIGH re-plans follow-ups (24 h, then weekly) and opens the conference task; a fall re-plans without one', async () => {
    const ds = h.db.dataSource;
    const openedAt = await h.now();
    const caseId = await insertCase(ds, { openedAt, riskLevel: RiskLevel.LOW });
    await h.facade.startCaseWorkflow(caseId);
    const low = await eventually(async () => (await followUps(caseId))[0]);
    expect(low.due_at!.getTime() - openedAt.getTime()).toBe(7 * D); // LOW: within 7 days

    await h.env.sleep('2 hours');
    const assessedAt = await h.now();
    const assessmentId = await assessed(ds, caseId, RiskLevel.HIGH, assessedAt);
    await h.facade.signalRiskLevelChanged(caseId, assessmentId);
    await h.facade.signalRiskLevelChanged(caseId, assessmentId); // a retried request re-sends it: applied once

    const conference = await eventually(async () => (await tasksOf(ds, { caseId })).find((t) => t.type === 'RISK_CONFERENCE'));
    expect(conference).toMatchObject({ organisation_id: ORG.MONITORING_BAKU, assignee_id: null, status: 'OPEN' });
    const rows: { assessment_id: string; organisation_id: string; task_id: string; outcome: string | null }[] = await ds.query(
      `SELECT assessment_id, organisation_id, task_id, outcome FROM risk_conferences WHERE case_id = $1`,
      [caseId],
    );
    expect(rows).toEqual([{ assessment_id: assessmentId, organisation_id: ORG.MONITORING_BAKU, task_id: conference.id, outcome: null }]);

    const replanned = await eventually(async () => {
      const all = await followUps(caseId);
      return all.length === 2 ? all : null;
    });
    expect(replanned.find((t) => t.id === low.id)?.status).toBe('CANCELLED');
    const high = replanned.find((t) => t.id !== low.id)!;
    expect(high).toMatchObject({ status: 'OPEN', assignee_id: USER['dost.manager'] });
    expect(high.due_at!.getTime() - assessedAt.getTime()).toBe(1 * D); // HIGH: within 24 h of the assessment
    const state = await h.facade.caseState(caseId);
    expect(state).toMatchObject({ riskLevel: RiskLevel.HIGH, followUpsScheduled: 2, nextFollowUpAt: high.due_at!.toISOString() });

    // the next follow-up is a week after the first, on the new plan
    await h.env.sleep('25 hours');
    const third = await eventually(async () => {
      const all = await followUps(caseId);
      return all.length === 3 ? all.find((t) => t.id !== low.id && t.id !== high.id) : null;
    });
    expect(third.due_at!.getTime() - assessedAt.getTime()).toBe(8 * D);

    // HIGH → MEDIUM: re-planned (3 days from that assessment), no new conference
    const fallAt = await h.now();
    const fall = await assessed(ds, caseId, RiskLevel.MEDIUM, fallAt);
    await h.facade.signalRiskLevelChanged(caseId, fall);
    const medium = await eventually(async () => {
      const open = (await followUps(caseId)).filter((t) => t.status === 'OPEN');
      return open.length === 1 && open[0]!.due_at!.getTime() - fallAt.getTime() === 3 * D ? open[0] : null;
    });
    expect(medium).toBeDefined();
    expect((await tasksOf(ds, { caseId })).filter((t) => t.type === 'RISK_CONFERENCE')).toHaveLength(1);
    expect((await followUps(caseId)).length).toBe(4);
    expect(await timelineKinds(ds, caseId)).toEqual(expect.arrayContaining(['RISK_LEVEL_APPLIED']));
    expect((await timelineKinds(ds, caseId)).filter((k) => k === 'RISK_LEVEL_APPLIED')).toHaveLength(2);
    expect(await auditActions(ds, caseId)).toContain('RISK_CONFERENCE_REQUESTED');
    await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).terminate('test done');
  });
});
