/**
 * The DOST intake (service card 09-03-00-00) end to end: GraphQL over HTTP → API checks → workflow updates on the
 * embedded Temporal server → the real worker's activities → PostgreSQL, read back through the dostIntake query.
 */
import { randomUUID } from 'node:crypto';
import { intakeWorkflowId } from '@lib/contracts';
import { DEMO_ORG_IDS, DEMO_REGION, DEMO_USER_IDS } from '@lib/persistence';
import { codeOf, type GqlResponse } from './support/api-harness';
import { CASE_WITH_SURVIVOR, INBOX, RECORD_CONSENT, SURVIVOR, assignWorkers, key, openCase } from './support/operations';
import { eventually, startTemporalApi, type TemporalApi } from './support/temporal-api';

const INTAKE_FIELDS = `caseId startedAt startedBy phase completedAt
  steps { step taskId status openedAt dueAt completedAt completedBy overdue }
  assessment { riskLevel needsShelter assessedBy }
  policeNotification { mode referralId requestedBy countersignedBy awaitingCountersign }
  ssaApplication { status referralId }
  escalations { standard step at taskId }`;
const START = `mutation($input: StartDostIntakeInput!) { startDostIntake(input: $input) { ${INTAKE_FIELDS} } }`;
const STEP = `mutation($input: CompleteIntakeStepInput!) { completeIntakeStep(input: $input) { ${INTAKE_FIELDS} } }`;
const POLICE = `mutation($input: NotifyPoliceInput!) { notifyPolice(input: $input) { ${INTAKE_FIELDS} } }`;
const COUNTERSIGN = `mutation($input: CountersignIntakeLegalOverrideInput!) { countersignIntakeLegalOverride(input: $input) { ${INTAKE_FIELDS} } }`;
const READ = `query($caseId: UUID!) { dostIntake(caseId: $caseId) { ${INTAKE_FIELDS} } }`;

const JUSTIFICATION = 'Statutory duty of the DOST centre to inform the police of the incident';

describe('DOST intake over GraphQL (API + worker + embedded Temporal)', () => {
  let t: TemporalApi;

  beforeAll(async () => {
    t = await startTemporalApi();
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  const api = () => t.api;
  const read = async (caseId: string, as = 'dost.manager') => (await api().ok(as, READ, { caseId })).dostIntake as Record<string, any> | null;
  const stepOpen = (caseId: string, step: string) =>
    eventually(async () => ((await read(caseId))?.steps as { step: string; dueAt: string }[] | undefined)?.find((s) => s.step === step));
  const fieldPaths = (res: GqlResponse) => ((res.errors?.[0]?.extensions.fields ?? []) as { path: string }[]).map((f) => f.path);
  const inbox = async (user: string) => ((await api().ok(user, INBOX, { first: 100 })).inbox.edges as { node: Record<string, any> }[]).map((e) => e.node);

  async function consentToSsa(caseId: string): Promise<void> {
    await api().ok('dost.manager', RECORD_CONSENT, {
      input: {
        caseId,
        grantor: 'SELF',
        recipientOrganisationId: DEMO_ORG_IDS.SSA,
        dataCategories: ['HEALTH', 'CHILDREN'],
        purposes: ['SHELTER_PLACEMENT'],
        method: 'WRITTEN',
        idempotencyKey: key('consent'),
      },
    });
  }

  /** A case opened by the case manager, with the centre's front office, lawyer and psychologist assigned to it. */
  async function openIntakeCase(): Promise<{ id: string; caseCode: string; version: number; status: string }> {
    const opened = await openCase(api());
    await assignWorkers(api(), opened.id, ['dost.intake', 'dost.lawyer', 'dost.psychologist']);
    return opened;
  }

  async function throughInterview(caseId: string, needsShelter: boolean): Promise<void> {
    await api().ok('dost.manager', START, { input: { caseId, idempotencyKey: key('start') } });
    // At once, without waiting for the task to show: the workflow waits for the step's task before closing it.
    await api().ok('dost.intake', STEP, { input: { caseId, step: 'QUEUE_TICKET', idempotencyKey: key('s') } });
    await api().ok('dost.intake', STEP, { input: { caseId, step: 'DESK', idempotencyKey: key('s') } });
    await api().ok('dost.lawyer', STEP, {
      input: { caseId, step: 'INTERVIEW', assessment: { riskLevel: 'HIGH', needsShelter }, idempotencyKey: key('s') },
    });
  }

  it('a case manager starts the intake; staff complete the steps; police get an anonymous notice without identity; the SSA application goes out with consent', async () => {
    const opened = await openIntakeCase();
    await consentToSsa(opened.id); // shelter consent; none to the police
    expect(await read(opened.id)).toBeNull();

    // Start: once per case, idempotent per key; the case workflow (started by openCase) starts the intake child.
    const startKey = key('start');
    const started = (await api().ok('dost.manager', START, { input: { caseId: opened.id, idempotencyKey: startKey } })).startDostIntake;
    expect(started).toMatchObject({ caseId: opened.id, startedBy: DEMO_USER_IDS['dost.manager'], phase: 'QUEUE_TICKET', completedAt: null });
    const retried = await api().ok('dost.manager', START, { input: { caseId: opened.id, idempotencyKey: startKey } });
    expect(retried.startDostIntake.startedAt).toBe(started.startedAt);
    const again = await api().gql('dost.manager', START, { input: { caseId: opened.id, idempotencyKey: key('start') } });
    expect(codeOf(again)).toBe('CONFLICT');
    expect(await api().count('timeline_entries', `case_id = $1 AND kind = 'INTAKE_STARTED'`, [opened.id])).toBe(1);
    expect(await api().count('audit_events', `case_id = $1 AND action = 'DOST_INTAKE_STARTED'`, [opened.id])).toBe(1);

    // Step 1: the queue ticket, an INTAKE_STEP task in the centre inbox due at the front-office standard (1 h).
    const ticket = await stepOpen(opened.id, 'QUEUE_TICKET');
    expect(new Date(ticket.dueAt).getTime() - new Date(started.startedAt).getTime()).toBeLessThanOrEqual(3600_000 + 60_000);
    expect((await inbox('dost.intake')).filter((n) => n.caseId === opened.id && n.type === 'INTAKE_STEP')).toHaveLength(1);

    // A retried completion (same key) is applied once; a step that is not open is a CONFLICT.
    const ticketKey = key('ticket');
    const afterTicket = (await api().ok('dost.intake', STEP, { input: { caseId: opened.id, step: 'QUEUE_TICKET', idempotencyKey: ticketKey } })).completeIntakeStep;
    expect(afterTicket.steps[0]).toMatchObject({ step: 'QUEUE_TICKET', status: 'DONE', completedBy: DEMO_USER_IDS['dost.intake'] });
    expect(afterTicket.phase).toBe('DESK');
    const replay = await api().gql('dost.intake', STEP, { input: { caseId: opened.id, step: 'QUEUE_TICKET', idempotencyKey: ticketKey } });
    expect(replay.errors).toBeUndefined();
    expect(await api().count('timeline_entries', `case_id = $1 AND kind = 'INTAKE_STEP_COMPLETED'`, [opened.id])).toBe(1);
    const reused = await api().gql('dost.intake', STEP, { input: { caseId: opened.id, step: 'DESK', idempotencyKey: ticketKey } });
    expect(codeOf(reused)).toBe('CONFLICT'); // same key, different request
    const early = await api().gql('dost.lawyer', STEP, {
      input: { caseId: opened.id, step: 'INTERVIEW', assessment: { riskLevel: 'HIGH', needsShelter: true }, idempotencyKey: key('s') },
    });
    expect(codeOf(early)).toBe('CONFLICT');

    await api().ok('dost.intake', STEP, { input: { caseId: opened.id, step: 'DESK', idempotencyKey: key('desk') } });

    // Step 3: the interview by the lawyer/psychologist, with the needs/risk assessment.
    const noAssessment = await api().gql('dost.psychologist', STEP, { input: { caseId: opened.id, step: 'INTERVIEW', idempotencyKey: key('s') } });
    expect(codeOf(noAssessment)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(noAssessment)).toEqual(['input.assessment']);
    const wrongRole = await api().gql('dost.intake', STEP, {
      input: { caseId: opened.id, step: 'INTERVIEW', assessment: { riskLevel: 'HIGH', needsShelter: true }, idempotencyKey: key('s') },
    });
    expect(codeOf(wrongRole)).toBe('FORBIDDEN');
    const interviewed = (
      await api().ok('dost.psychologist', STEP, {
        input: { caseId: opened.id, step: 'INTERVIEW', assessment: { riskLevel: 'HIGH', needsShelter: true }, idempotencyKey: key('s') },
      })
    ).completeIntakeStep;
    expect(interviewed).toMatchObject({
      phase: 'POLICE_NOTIFICATION',
      assessment: { riskLevel: 'HIGH', needsShelter: true, assessedBy: DEMO_USER_IDS['dost.psychologist'] },
      ssaApplication: { status: 'PENDING', referralId: null },
    });

    // Step 4: no consent to inform the police. FULL is refused (typed, with the field), a bad override too.
    const full = await api().gql('dost.manager', POLICE, { input: { caseId: opened.id, mode: 'FULL', idempotencyKey: key('p') } });
    expect(codeOf(full)).toBe('FORBIDDEN');
    expect(full.errors?.[0]?.extensions.reason).toBe('CONSENT_REQUIRED');
    expect(fieldPaths(full)).toEqual(['input.mode']);
    const shortOverride = await api().gql('dost.manager', POLICE, {
      input: { caseId: opened.id, mode: 'LEGAL_OVERRIDE', legalOverride: { basis: 'STATUTORY_DUTY', justification: 'too short' }, idempotencyKey: key('p') },
    });
    expect(codeOf(shortOverride)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(shortOverride)).toEqual(['input.legalOverride.justification']);
    const psychologist = await api().gql('dost.psychologist', POLICE, { input: { caseId: opened.id, mode: 'ANONYMOUS', idempotencyKey: key('p') } });
    expect(codeOf(psychologist)).toBe('FORBIDDEN');

    const notified = (await api().ok('dost.manager', POLICE, { input: { caseId: opened.id, mode: 'ANONYMOUS', idempotencyKey: key('p') } })).notifyPolice;
    expect(notified.policeNotification).toMatchObject({ mode: 'ANONYMOUS', awaitingCountersign: false });
    expect(notified.phase).toBe('SSA_APPLICATION');
    const policeReferralId = notified.policeNotification.referralId as string;

    // The police receive the notice in their inbox, without the survivor's identity (no case code either).
    const task = await eventually(async () => (await inbox('police.officer')).find((n) => n.referralId === policeReferralId));
    expect(task.caseCode ?? null).toBeNull();
    const referral = await api().ok('police.officer', `query($id: UUID!) { referral(id: $id) { dataProfile caseCode dataCategories } }`, { id: policeReferralId });
    expect(referral.referral).toMatchObject({ dataProfile: 'ANONYMOUS_INCIDENT', caseCode: null, dataCategories: [] });
    const policeView = await api().gql('police.officer', CASE_WITH_SURVIVOR, { id: opened.id });
    expect(policeView.data.case).toMatchObject({ access: 'RECIPIENT', dataProfile: 'ANONYMOUS_INCIDENT', caseCode: null, survivor: null });
    expect(policeView.errors?.[0]).toMatchObject({ path: ['case', 'survivor'], extensions: { code: 'FORBIDDEN' } });
    for (const value of Object.values(SURVIVOR)) expect(JSON.stringify(policeView)).not.toContain(value);
    expect(JSON.stringify(policeView)).not.toContain(opened.caseCode);
    // The intake itself is the centre's own work: NOT_FOUND for the police.
    expect(codeOf(await api().gql('police.officer', READ, { caseId: opened.id }))).toBe('NOT_FOUND');

    // Step 5: the SSA application (consented): a pseudonymous shelter referral; the intake is done.
    await stepOpen(opened.id, 'SSA_APPLICATION');
    const done = (await api().ok('dost.manager', STEP, { input: { caseId: opened.id, step: 'SSA_APPLICATION', idempotencyKey: key('ssa') } })).completeIntakeStep;
    expect(done).toMatchObject({ phase: 'DONE', ssaApplication: { status: 'SENT' }, escalations: [] });
    expect(done.completedAt).not.toBeNull();
    expect(done.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual([
      'QUEUE_TICKET:DONE',
      'DESK:DONE',
      'INTERVIEW:DONE',
      'POLICE_NOTIFICATION:DONE',
      'SSA_APPLICATION:DONE',
    ]);
    // Every step's inbox task was closed (none left OPEN by a completion racing the step's opening).
    expect(await api().count('tasks', `case_id = $1 AND type = 'INTAKE_STEP' AND status = 'OPEN'`, [opened.id])).toBe(0);
    expect(await api().count('tasks', `case_id = $1 AND type = 'INTAKE_STEP'`, [opened.id])).toBe(5);
    const ssa = await api().ok('dost.manager', `query($id: UUID!) { referral(id: $id) { toOrganisationId dataProfile serviceType } }`, {
      id: done.ssaApplication.referralId,
    });
    expect(ssa.referral).toMatchObject({ toOrganisationId: DEMO_ORG_IDS.SSA, dataProfile: 'PSEUDONYMOUS', serviceType: 'SHELTER_PLACEMENT' });

    // Ids only: nothing personal in the intake workflow's history (inputs, updates, activity payloads) or timeline.
    const history = JSON.stringify(await t.env.client.workflow.getHandle(intakeWorkflowId(opened.id)).fetchHistory());
    const timeline = JSON.stringify(await api().db.dataSource.query(`SELECT details FROM timeline_entries WHERE case_id = $1`, [opened.id]));
    for (const value of Object.values(SURVIVOR)) {
      expect(history).not.toContain(value);
      expect(timeline).not.toContain(value);
    }
  });

  it("the interview's level change is an assessment: the case's follow-ups are re-planned and a rise to HIGH asks for a risk conference", async () => {
    const opened = await openCase(api(), 'dost.manager', { riskLevel: 'LOW', idempotencyKey: key('open') });
    await assignWorkers(api(), opened.id, ['dost.intake', 'dost.lawyer', 'dost.psychologist']);
    await throughInterview(opened.id, false); // the lawyer records HIGH

    const HISTORY = `query($id: UUID!) { riskAssessments(caseId: $id) { id source level previousLevel score instrumentVersion assessorId assessedAt answers { item } } }`;
    const assessment = await eventually(async () => (await api().ok('dost.manager', HISTORY, { id: opened.id })).riskAssessments[0]);
    expect(assessment).toMatchObject({
      source: 'DOST_INTERVIEW',
      level: 'HIGH',
      previousLevel: 'LOW',
      score: null,
      instrumentVersion: null,
      assessorId: DEMO_USER_IDS['dost.lawyer'],
      answers: [],
    });
    // The case workflow re-planned the follow-up from the interview (HIGH: 24 h) and asked for a risk conference.
    await eventually(async () => {
      const rows: { due_at: Date }[] = await api().db.dataSource.query(
        `SELECT due_at FROM tasks WHERE case_id = $1 AND type = 'FOLLOW_UP' AND status = 'OPEN'`,
        [opened.id],
      );
      return rows.length === 1 && rows[0]!.due_at.getTime() - new Date(assessment.assessedAt as string).getTime() === 24 * 3_600_000;
    });
    await eventually(async () => (await inbox('monitoring.officer')).find((n) => n.type === 'RISK_CONFERENCE' && n.caseId === opened.id));
    expect(await api().count('risk_conferences', 'case_id = $1', [opened.id])).toBe(1);
  });

  it('legal override: the requester cannot countersign, a supervisor of the centre can; then the police are informed', async () => {
    const opened = await openIntakeCase();
    await throughInterview(opened.id, false);
    const requested = (
      await api().ok('dost.lawyer', POLICE, {
        input: { caseId: opened.id, mode: 'LEGAL_OVERRIDE', legalOverride: { basis: 'STATUTORY_DUTY', justification: JUSTIFICATION }, idempotencyKey: key('p') },
      })
    ).notifyPolice;
    expect(requested).toMatchObject({
      phase: 'AWAITING_COUNTERSIGN',
      policeNotification: { mode: 'LEGAL_OVERRIDE', requestedBy: DEMO_USER_IDS['dost.lawyer'], awaitingCountersign: true, referralId: null },
    });
    expect(codeOf(await api().gql('dost.lawyer', COUNTERSIGN, { input: { caseId: opened.id, idempotencyKey: key('c') } }))).toBe('FORBIDDEN');
    expect(codeOf(await api().gql('dost.manager', COUNTERSIGN, { input: { caseId: opened.id, idempotencyKey: key('c') } }))).toBe('FORBIDDEN');
    const signKey = key('c');
    const signed = (await api().ok('dost.supervisor', COUNTERSIGN, { input: { caseId: opened.id, idempotencyKey: signKey } })).countersignIntakeLegalOverride;
    expect(signed).toMatchObject({
      phase: 'DONE', // no shelter needed: no SSA step
      policeNotification: { mode: 'LEGAL_OVERRIDE', countersignedBy: DEMO_USER_IDS['dost.supervisor'], awaitingCountersign: false },
      ssaApplication: { status: 'NOT_NEEDED' },
    });
    // A retried countersignature (same key) answers again without a second disclosure.
    await api().ok('dost.supervisor', COUNTERSIGN, { input: { caseId: opened.id, idempotencyKey: signKey } });
    expect(await api().count('referrals', `case_id = $1 AND to_organisation_id = $2`, [opened.id, DEMO_ORG_IDS.POLICE_BAKU])).toBe(1);
    const rows: Record<string, any>[] = await api().db.dataSource.query(`SELECT legal_basis, countersigned_by, data_categories FROM referrals WHERE id = $1`, [
      signed.policeNotification.referralId,
    ]);
    expect(await api().count('tasks', `case_id = $1 AND type IN ('INTAKE_STEP', 'LEGAL_OVERRIDE_COUNTERSIGN') AND status = 'OPEN'`, [opened.id])).toBe(0);
    expect(rows[0]).toEqual({ legal_basis: 'STATUTORY_DUTY', countersigned_by: DEMO_USER_IDS['dost.supervisor'], data_categories: ['INCIDENT_NARRATIVE'] });
  });

  it('denied: other organisations (FORBIDDEN), another DOST centre (NOT_FOUND), wrong role, bad input, no intake yet', async () => {
    const opened = await openIntakeCase();
    const start = (as: string) => api().gql(as, START, { input: { caseId: opened.id, idempotencyKey: key('start') } });
    for (const as of ['police.officer', 'wsl.operator', 'ssa.officer', 'monitoring.officer', 'auditor', 'admin']) {
      expect([as, codeOf(await start(as))]).toEqual([as, 'FORBIDDEN']);
    }
    expect(codeOf(await start('dost.lawyer'))).toBe('FORBIDDEN');
    expect(codeOf(await start('dost.supervisor'))).toBe('FORBIDDEN');

    // Another DOST centre: the case is not theirs and its existence is not revealed.
    const otherCentre = randomUUID();
    const otherManager = randomUUID();
    await api().db.dataSource.query(`INSERT INTO organisations (id, name, type, region, services) VALUES ($1, 'DOST Sumgait', 'DOST_CENTER', $2, '{}')`, [
      otherCentre,
      DEMO_REGION,
    ]);
    await api().db.dataSource.query(
      `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, active) VALUES ($1, $2, 'dost2.manager', 'Other Manager', '{CASE_MANAGER}', true)`,
      [otherManager, otherCentre],
    );
    expect(codeOf(await start(otherManager))).toBe('NOT_FOUND');
    expect(codeOf(await api().gql(otherManager, READ, { caseId: opened.id }))).toBe('NOT_FOUND');

    // Nothing to act on before the intake starts; bad input is typed with its path.
    expect(codeOf(await api().gql('dost.intake', STEP, { input: { caseId: opened.id, step: 'QUEUE_TICKET', idempotencyKey: key('s') } }))).toBe('CONFLICT');
    const policeStep = await api().gql('dost.manager', STEP, { input: { caseId: opened.id, step: 'POLICE_NOTIFICATION', idempotencyKey: key('s') } });
    expect(codeOf(policeStep)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(policeStep)).toEqual(['input.step']);
    const emptyKey = await api().gql('dost.manager', START, { input: { caseId: opened.id, idempotencyKey: '' } });
    expect(codeOf(emptyKey)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(emptyKey)).toEqual(['input.idempotencyKey']);
    expect(codeOf(await api().gql('dost.manager', START, { input: { caseId: randomUUID(), idempotencyKey: key('start') } }))).toBe('NOT_FOUND');
    expect(await api().count('timeline_entries', `case_id = $1 AND kind = 'INTAKE_STARTED'`, [opened.id])).toBe(0);
  });

  it('a start that was recorded but never reached Temporal is started by the outbox dispatcher, with no client retry; a second start answers CONFLICT', async () => {
    const opened = await openIntakeCase();
    // As if the first request committed its INTAKE_STARTED record and its workflow start (outbox), then lost its
    // connection to Temporal (and its client gave up).
    await api().db.dataSource.query(
      `INSERT INTO timeline_entries (case_id, organisation_id, actor_id, kind, details, dedupe_key) VALUES ($1, $2, $3, 'INTAKE_STARTED', '{}', $4)`,
      [opened.id, DEMO_ORG_IDS.DOST_BAKU, DEMO_USER_IDS['dost.manager'], `dost-intake-${opened.id}/started`],
    );
    await api().db.dataSource.query(
      `INSERT INTO workflow_starts (kind, subject_id, case_id, actor_id, next_attempt_at) VALUES ('DOST_INTAKE', $1, $1, $2, now())`,
      [opened.id, DEMO_USER_IDS['dost.intake']],
    );
    await stepOpen(opened.id, 'QUEUE_TICKET');
    await eventually(async () => {
      const rows: unknown[] = await api().db.dataSource.query(`SELECT 1 FROM workflow_starts WHERE subject_id = $1`, [opened.id]);
      return rows.length === 0;
    });
    const res = await api().gql('dost.intake', START, { input: { caseId: opened.id, idempotencyKey: key('start') } });
    expect(codeOf(res)).toBe('CONFLICT');
  });

  // Last: it moves the virtual clock past the front-office standard.
  it('a missed standard escalates to the supervisor and shows in the progress', async () => {
    const opened = await openIntakeCase();
    await api().ok('dost.intake', START, { input: { caseId: opened.id, idempotencyKey: key('start') } });
    await stepOpen(opened.id, 'QUEUE_TICKET');
    await t.env.sleep('61m');
    const progress = await eventually(async () => {
      const p = await read(opened.id);
      return p && (p.escalations as unknown[]).length > 0 ? p : null;
    });
    expect(progress.escalations[0]).toMatchObject({ standard: 'FRONT_OFFICE', step: 'QUEUE_TICKET' });
    expect(progress.phase).toBe('QUEUE_TICKET'); // the step stays open
    const escalation = (await inbox('dost.supervisor')).find((n) => n.id === progress.escalations[0].taskId);
    expect(escalation).toMatchObject({ type: 'ESCALATION', caseId: opened.id });
  });
});
