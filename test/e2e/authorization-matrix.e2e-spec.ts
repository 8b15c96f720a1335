import { randomUUID } from 'node:crypto';
import { DEMO_ORG_IDS, DEMO_REGION, DEMO_STAFF, DEMO_USER_IDS } from '@lib/persistence';
import { ApiHarness, type GqlResponse } from './support/api-harness';
import { type TemporalApi } from './support/temporal-api';
import { ACCEPT, COMPLETE, CREATE_REFERRAL, DECLINE, OPEN_CASE, RECORD_CONSENT, WITHDRAW, consentToPolice, key, openCase, openCaseInput, referToPolice } from './support/operations';

/**
 * Every role × every operation, allowed AND denied, over HTTP with real tokens. Outcome = ALLOW, or the GraphQL error
 * code (NOT_FOUND when the actor may not know the record exists, FORBIDDEN when it may see it but not do this),
 * or EMPTY for list reads that are scoped to nothing.
 */
type Outcome = 'ALLOW' | 'EMPTY' | 'NOT_FOUND' | 'FORBIDDEN';

const CFSC_SUPERVISOR = 'cfsc.supervisor';
/** DOST Baku's own administrator (ORGANISATION_ADMIN): its staff, nothing else. */
const DOST_ORG_ADMIN = 'dost.orgadmin';
const ROLES = [...DEMO_STAFF.map((s) => s.username), CFSC_SUPERVISOR, DOST_ORG_ADMIN] as const;
type Role = (typeof ROLES)[number];

const DOST_CASE_ROLES: Role[] = ['dost.intake', 'dost.manager', 'dost.lawyer', 'dost.psychologist', 'dost.supervisor'];

function expectations(defaultOutcome: Outcome, overrides: Partial<Record<Role, Outcome>>): Record<Role, Outcome> {
  return Object.fromEntries(ROLES.map((r) => [r, overrides[r] ?? defaultOutcome])) as Record<Role, Outcome>;
}
function each(roles: Role[], outcome: Outcome): Partial<Record<Role, Outcome>> {
  return Object.fromEntries(roles.map((r) => [r, outcome]));
}

interface World {
  api: ApiHarness;
  caseA: { id: string };
  /** The same API with its workflow side at hand (every API runs with the worker and embedded Temporal). */
  temporal: TemporalApi;
  /** A case of DOST Baku whose intake has started. */
  intakeCase: { id: string };
  /** A webhook of DOST Baku. */
  webhookId: string;
}

const INTAKE = '{ caseId phase }';
const REGISTER_WEBHOOK = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }`;
/** Roles that manage their organisation's webhooks (WEBHOOK_ADMIN_ROLES): supervisors and administrators. */
const WEBHOOK_ADMINS: Role[] = ['dost.supervisor', 'admin', CFSC_SUPERVISOR, DOST_ORG_ADMIN];
/**
 * Access inside an organisation follows assignment: the DOST team (intake officer, lawyer, psychologist) works on the
 * cases the matrix opens with their opener (the case manager), as if the supervisor had assigned them; written like
 * the seed, to keep each cell to its one request. The "case assignment" block below covers the unassigned colleague.
 */
async function openTeamCase(api: ApiHarness): Promise<{ id: string; caseCode: string; version: number; status: string }> {
  const c = await openCase(api);
  for (const user of ['dost.intake', 'dost.lawyer', 'dost.psychologist'] as const) {
    await api.db.dataSource.query(
      `INSERT INTO case_assignments (case_id, organisation_id, staff_id, assigned_by) VALUES ($1, $2, $3, $4)`,
      [c.id, DEMO_ORG_IDS.DOST_BAKU, DEMO_USER_IDS[user], DEMO_USER_IDS['dost.supervisor']],
    );
  }
  return c;
}

async function intakeAt(w: World, stage: 'OPENED' | 'STARTED' | 'DESK_DONE' | 'INTERVIEWED' | 'OVERRIDE_REQUESTED'): Promise<string> {
  const api = w.temporal.api;
  const c = await openTeamCase(api);
  if (stage === 'OPENED') return c.id;
  await api.ok('dost.manager', `mutation($i: StartDostIntakeInput!) { startDostIntake(input: $i) ${INTAKE} }`, { i: { caseId: c.id, idempotencyKey: key() } });
  if (stage === 'STARTED') return c.id;
  const step = (as: string, input: Record<string, unknown>) =>
    api.ok(as, `mutation($i: CompleteIntakeStepInput!) { completeIntakeStep(input: $i) ${INTAKE} }`, { i: { caseId: c.id, idempotencyKey: key(), ...input } });
  await step('dost.intake', { step: 'QUEUE_TICKET' });
  await step('dost.intake', { step: 'DESK' });
  if (stage === 'DESK_DONE') return c.id;
  await step('dost.lawyer', { step: 'INTERVIEW', assessment: { riskLevel: 'HIGH', needsShelter: false } });
  if (stage === 'INTERVIEWED') return c.id;
  await api.ok('dost.lawyer', `mutation($i: NotifyPoliceInput!) { notifyPolice(input: $i) ${INTAKE} }`, {
    i: { caseId: c.id, mode: 'LEGAL_OVERRIDE', legalOverride: { basis: 'STATUTORY_DUTY', justification: 'DOST duty to inform the police of the incident' }, idempotencyKey: key() },
  });
  return c.id;
}

interface MatrixOp {
  name: string;
  /** Fresh state for this cell (mutations), or shared state (reads). */
  run: (w: World, as: string) => Promise<GqlResponse>;
  outcome?: (res: GqlResponse) => Outcome;
  expect: Record<Role, Outcome>;
}

function plainOutcome(res: GqlResponse): Outcome {
  if (!res.errors?.length) return 'ALLOW';
  return res.errors[0]!.extensions.code as Outcome;
}

const MARKERS = { unassigned: '', assigned: '' };


/** A fresh organisation (for update/deactivate cells), via SQL. */
async function freshOrganisation(api: ApiHarness): Promise<string> {
  const [row] = await api.db.dataSource.query(
    `INSERT INTO organisations (name, name_az, type, region, services) VALUES ('Matrix NGO', 'Matrix NGO', 'NGO', $1, '{LEGAL_AID}') RETURNING id`,
    [DEMO_REGION],
  );
  return row.id as string;
}

/** A fresh staff member of `organisationId` (for update/deactivate/reactivate cells), via SQL. */
async function freshStaff(api: ApiHarness, organisationId: string, active = true): Promise<string> {
  const [row] = await api.db.dataSource.query(
    `INSERT INTO staff_members (organisation_id, username, display_name, roles, active) VALUES ($1, $2, 'Matrix Member', '{CASE_MANAGER}', $3) RETURNING id`,
    [organisationId, key('matrix').toLowerCase(), active],
  );
  return row.id as string;
}

/**
 * A fresh RISK_CONFERENCE task of the Baku monitoring group about caseA, as the case workflow opens it on a rise to
 * HIGH (test/workflows/risk-level.int-spec.ts drives that path), via SQL: one per cell.
 */
async function freshConferenceTask(api: ApiHarness, caseId: string): Promise<string> {
  const [assessment] = await api.db.dataSource.query(
    `INSERT INTO risk_assessments (id, case_id, organisation_id, assessor_id, instrument_version, answers_enc, score, level, previous_level, assessed_at)
     VALUES (gen_random_uuid(), $1, $2, $3, 'matrix', '\\x00', 12, 'HIGH', 'MEDIUM', now()) RETURNING id`,
    [caseId, DEMO_ORG_IDS.DOST_BAKU, DEMO_USER_IDS['dost.manager']],
  );
  const [task] = await api.db.dataSource.query(
    `INSERT INTO tasks (organisation_id, type, status, case_id) VALUES ($1, 'RISK_CONFERENCE', 'OPEN', $2) RETURNING id`,
    [DEMO_ORG_IDS.MONITORING_BAKU, caseId],
  );
  await api.db.dataSource.query(
    `INSERT INTO risk_conferences (case_id, assessment_id, organisation_id, task_id, created_at) VALUES ($1, $2, $3, $4, now())`,
    [caseId, assessment.id, DEMO_ORG_IDS.MONITORING_BAKU, task.id],
  );
  return task.id as string;
}

/** A fresh protection order on caseA (as applyForProtectionOrder / recordProtectionOrderIssued leave it), via SQL. */
async function freshOrder(api: ApiHarness, caseId: string, issued: boolean): Promise<string> {
  const [row] = await api.db.dataSource.query(
    `INSERT INTO protection_orders (id, case_id, organisation_id, kind, status, applied_by, applied_at, issue_due_at, issued_at, issued_recorded_by, expires_at, alert_at)
     VALUES (gen_random_uuid(), $1, $2, 'SHORT_TERM', $3, $4, now() - interval '1 hour', now() + interval '23 hours',
             CASE WHEN $5 THEN now() - interval '30 minutes' END, CASE WHEN $5 THEN $4::uuid END,
             CASE WHEN $5 THEN now() + interval '30 days' END, CASE WHEN $5 THEN now() + interval '23 days' END)
     RETURNING id`,
    [caseId, DEMO_ORG_IDS.DOST_BAKU, issued ? 'ISSUED' : 'APPLIED', DEMO_USER_IDS['dost.lawyer'], issued],
  );
  return row.id as string;
}
const ADD_PLAN_ITEM = `mutation($i: AddSafetyPlanItemInput!) { addSafetyPlanItem(input: $i) { id status } }`;
const PLAN_NOTE = 'Matrix safety plan note';
const planItemInput = (caseId: string): Record<string, unknown> => ({
  caseId,
  action: 'POLICE_WELFARE_CHECK',
  note: PLAN_NOTE,
  responsibleOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
  dueAt: new Date(Date.now() + 2 * 24 * 3_600_000).toISOString(),
  reviewAt: new Date(Date.now() + 7 * 24 * 3_600_000).toISOString(),
  idempotencyKey: key('spa'),
});
/** A fresh OPEN safety plan item of DOST Baku on caseA, the police responsible (as addSafetyPlanItem leaves it), via SQL. */
async function freshPlanItem(api: ApiHarness, caseId: string): Promise<string> {
  const [row] = await api.db.dataSource.query(
    `INSERT INTO safety_plan_items (id, case_id, organisation_id, responsible_organisation_id, action, status, due_at, review_at, created_by, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, 'POLICE_WELFARE_CHECK', 'OPEN', now() + interval '2 days', now() + interval '7 days', $4, now(), now())
     RETURNING id`,
    [caseId, DEMO_ORG_IDS.DOST_BAKU, DEMO_ORG_IDS.POLICE_BAKU, DEMO_USER_IDS['dost.manager']],
  );
  return row.id as string;
}
let planItem: Promise<unknown> | null = null;
/** One item with a note on caseA, added once through the API, for the read rows. */
function sharedPlanItem(api: ApiHarness, caseId: string): Promise<unknown> {
  planItem ??= api.ok('dost.manager', ADD_PLAN_ITEM, { i: planItemInput(caseId) });
  return planItem;
}
const ORDER_FIELDS = '{ id status }';
const inDays = (days: number) => new Date(Date.now() + days * 24 * 3_600_000).toISOString();

/** Answers that keep caseA at HIGH (a red flag): assessing changes no level, so no workflow runs per cell. */
const HIGH_ANSWERS = [{ item: 'THREAT_TO_KILL', value: 1 }];

const ORGANISATION_INPUT = { names: { az: 'Matrix NGO' }, type: 'NGO', region: DEMO_REGION, services: ['LEGAL_AID'] };
const STAFF_ADMINS: Partial<Record<Role, Outcome>> = { admin: 'ALLOW', [DOST_ORG_ADMIN]: 'ALLOW' };
const DOST_STAFF_READERS: Partial<Record<Role, Outcome>> = { ...each(DOST_CASE_ROLES, 'ALLOW'), ...STAFF_ADMINS };
const JUSTIFICATION = 'Imminent danger reported to the helpline';

const OPS: MatrixOp[] = [
  {
    name: 'riskInstrument (policy data, no personal data)',
    run: ({ api }, as) => api.gql(as, `{ riskInstrument { version items { id labels { en } } } }`),
    expect: expectations('ALLOW', {}),
  },
  {
    name: 'assessRisk (owning organisation case workers)',
    run: ({ api, caseA }, as) =>
      api.gql(as, `mutation($i: AssessRiskInput!) { assessRisk(input: $i) { id level } }`, {
        i: { caseId: caseA.id, answers: HIGH_ANSWERS, idempotencyKey: key('risk') },
      }),
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    name: 'riskAssessments (owner and recipients; monitoring sees counts only)',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { riskAssessments(caseId: $id) { id level score } }`, { id: caseA.id }),
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW', 'monitoring.officer': 'FORBIDDEN' }),
  },
  {
    name: 'riskAssessments.answers (personal data: the owning organisation only)',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { riskAssessments(caseId: $id) { id answers { item value } } }`, { id: caseA.id }),
    outcome: (res) => {
      const codes = (res.errors ?? []).map((e) => e.extensions.code as Outcome);
      if (codes.length === 0) {
        const answers = (res.data.riskAssessments as { answers: { item: string }[] }[]).flatMap((a) => a.answers.map((x) => x.item));
        return answers.includes('THREAT_TO_KILL') ? 'ALLOW' : 'EMPTY';
      }
      // the police see the assessments, and are refused the answers on their own path
      if (codes[0] === 'FORBIDDEN' && res.data?.riskAssessments) expect(res.errors![0]!.path!.map(String)).toEqual(['riskAssessments', '0', 'answers']);
      return codes[0]!;
    },
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'FORBIDDEN', 'monitoring.officer': 'FORBIDDEN' }),
  },
  {
    name: 'riskStatistics (monitoring officers, counts only)',
    run: ({ api }, as) => api.gql(as, `{ riskStatistics { assessments assessmentsByLevel { key count suppressed } } }`),
    expect: expectations('FORBIDDEN', { 'monitoring.officer': 'ALLOW' }),
  },
  {
    name: 'protectionOrders (owner, and the police or helpline referred to)',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { protectionOrders(caseId: $id) ${ORDER_FIELDS} }`, { id: caseA.id }),
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW', 'monitoring.officer': 'FORBIDDEN' }),
  },
  {
    name: 'applyForProtectionOrder (owning organisation case workers)',
    run: ({ api, caseA }, as) =>
      api.gql(as, `mutation($i: ApplyForProtectionOrderInput!) { applyForProtectionOrder(input: $i) ${ORDER_FIELDS} }`, {
        i: { caseId: caseA.id, kind: 'LONG_TERM', idempotencyKey: key('po') },
      }),
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    name: 'recordProtectionOrderIssued (owning organisation case workers)',
    run: async ({ api, caseA }, as) =>
      api.gql(as, `mutation($i: RecordProtectionOrderIssuedInput!) { recordProtectionOrderIssued(input: $i) ${ORDER_FIELDS} }`, {
        i: { orderId: await freshOrder(api, caseA.id, false), issuedAt: inDays(-1 / 48), expiresAt: inDays(30), conditions: ['NO_CONTACT'], idempotencyKey: key('poi') },
      }),
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    name: 'extendProtectionOrder (owning organisation case workers)',
    run: async ({ api, caseA }, as) =>
      api.gql(as, `mutation($i: ExtendProtectionOrderInput!) { extendProtectionOrder(input: $i) ${ORDER_FIELDS} }`, {
        i: { orderId: await freshOrder(api, caseA.id, true), expiresAt: inDays(45), idempotencyKey: key('poe') },
      }),
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    name: 'reportProtectionOrderBreach (owner, and the police or helpline referred to)',
    run: async ({ api, caseA }, as) =>
      api.gql(as, `mutation($i: ReportProtectionOrderBreachInput!) { reportProtectionOrderBreach(input: $i) ${ORDER_FIELDS} }`, {
        i: { orderId: await freshOrder(api, caseA.id, true), occurredAt: inDays(-1 / 24), idempotencyKey: key('pob') },
      }),
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW' }),
  },
  {
    name: 'recordRiskConferenceOutcome (the monitoring group holding the task)',
    run: async ({ api, caseA }, as) =>
      api.gql(as, `mutation($i: RecordRiskConferenceOutcomeInput!) { recordRiskConferenceOutcome(input: $i) { id outcome } }`, {
        i: { taskId: await freshConferenceTask(api, caseA.id), outcome: 'SAFETY_PLAN_AGREED', idempotencyKey: key('conf') },
      }),
    expect: expectations('NOT_FOUND', { 'monitoring.officer': 'ALLOW' }),
  },
  // Safety plans (issue 16): the owning organisation writes and reads the text; a responsible organisation sees its items only.
  {
    name: 'addSafetyPlanItem (owning organisation case workers; the police under caseA consent)',
    run: ({ api, caseA }, as) => api.gql(as, ADD_PLAN_ITEM, { i: planItemInput(caseA.id) }),
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    name: 'updateSafetyPlanItem (owning organisation case workers)',
    run: async ({ api, caseA }, as) =>
      api.gql(as, `mutation($i: UpdateSafetyPlanItemInput!) { updateSafetyPlanItem(input: $i) { id status } }`, {
        i: { itemId: await freshPlanItem(api, caseA.id), expectedVersion: 1, status: 'DONE', idempotencyKey: key('spu') },
      }),
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    name: 'safetyPlan (owner; the responsible organisation sees its own items)',
    run: async ({ api, caseA }, as) => {
      await sharedPlanItem(api, caseA.id);
      return api.gql(as, `query($id: UUID!) { safetyPlan(caseId: $id) { id action responsibleOrganisationId } }`, { id: caseA.id });
    },
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW' }),
  },
  {
    name: 'safetyPlan.note (free text: the owning organisation only)',
    run: async ({ api, caseA }, as) => {
      await sharedPlanItem(api, caseA.id);
      return api.gql(as, `query($id: UUID!) { safetyPlan(caseId: $id) { id note } }`, { id: caseA.id });
    },
    outcome: (res) => {
      if (res.errors?.length) return res.errors[0]!.extensions.code as Outcome;
      const notes = (res.data.safetyPlan as { note: string | null }[]).map((i) => i.note);
      return notes.includes(PLAN_NOTE) ? 'ALLOW' : 'EMPTY';
    },
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'EMPTY' }),
  },
  {
    name: 'openCase',
    run: ({ api }, as) => api.gql(as, OPEN_CASE, { input: openCaseInput() }),
    expect: expectations('FORBIDDEN', { 'dost.intake': 'ALLOW', 'dost.manager': 'ALLOW', 'wsl.operator': 'ALLOW' }),
  },
  {
    name: 'case (read, case-level fields)',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { case(id: $id) { id status category } }`, { id: caseA.id }),
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW', 'monitoring.officer': 'ALLOW' }),
  },
  {
    name: 'case.survivor.fullName (personal data)',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { case(id: $id) { id survivor { fullName } } }`, { id: caseA.id }),
    outcome: (res) => {
      const codes = (res.errors ?? []).map((e) => e.extensions.code as Outcome);
      if (codes.length === 0) return res.data.case.survivor.fullName === 'Aysel Mammadova' ? 'ALLOW' : 'EMPTY';
      // Refused fields fail on their own path while the case itself resolves.
      if (codes[0] === 'FORBIDDEN') expect(res.errors![0]!.path).toEqual(['case', 'survivor']);
      return codes[0]!;
    },
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW', 'monitoring.officer': 'FORBIDDEN' }),
  },
  {
    name: 'caseTimeline',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { caseTimeline(caseId: $id) { kind } }`, { id: caseA.id }),
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW' }),
  },
  {
    name: 'caseNotes (own organisation’s notes)',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { caseNotes(caseId: $id) { id } }`, { id: caseA.id }),
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW' }),
  },
  {
    name: 'addCaseNote',
    run: ({ api, caseA }, as) =>
      api.gql(as, `mutation($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id } }`, {
        input: { caseId: caseA.id, body: 'Matrix note', idempotencyKey: randomUUID() },
      }),
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW' }),
  },
  {
    name: 'caseReferrals',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { caseReferrals(caseId: $id) { id status } }`, { id: caseA.id }),
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW' }),
  },
  {
    name: 'caseConsents',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { caseConsents(caseId: $id) { id inForce } }`, { id: caseA.id }),
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    name: 'findPossibleDuplicates (own organisation only)',
    run: ({ api }, as) => api.gql(as, `{ findPossibleDuplicates(fullName: "Aysel Mammadova") { caseId } }`),
    expect: expectations('FORBIDDEN', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'wsl.operator': 'ALLOW', 'ngo.lawyer': 'ALLOW', [CFSC_SUPERVISOR]: 'ALLOW' }),
  },
  {
    name: 'recordConsent',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      return api.gql(as, RECORD_CONSENT, {
        input: { caseId: c.id, grantor: 'SELF', recipientOrganisationType: 'POLICE', dataCategories: ['IDENTITY'], purposes: ['LAW_ENFORCEMENT'], method: 'VERBAL', idempotencyKey: key() },
      });
    },
    expect: expectations('NOT_FOUND', { 'dost.intake': 'ALLOW', 'dost.manager': 'ALLOW', ...each(['dost.lawyer', 'dost.psychologist', 'dost.supervisor'], 'FORBIDDEN') }),
  },
  {
    name: 'withdrawConsent',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      const consent = await consentToPolice(api, c.id);
      return api.gql(as, `mutation($id: UUID!) { withdrawConsent(consentId: $id, reason: "Survivor request") { withdrawnReferralIds } }`, { id: consent.id });
    },
    expect: expectations('NOT_FOUND', { 'dost.intake': 'ALLOW', 'dost.manager': 'ALLOW', ...each(['dost.lawyer', 'dost.psychologist', 'dost.supervisor'], 'FORBIDDEN') }),
  },
  {
    name: 'createReferral',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      await consentToPolice(api, c.id);
      return api.gql(as, CREATE_REFERRAL, {
        input: { caseId: c.id, toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU, serviceType: 'INCIDENT_NOTIFICATION', purpose: 'LAW_ENFORCEMENT', dataCategories: ['IDENTITY'], idempotencyKey: key() },
      });
    },
    expect: expectations('NOT_FOUND', { 'dost.intake': 'ALLOW', 'dost.manager': 'ALLOW', ...each(['dost.lawyer', 'dost.psychologist', 'dost.supervisor'], 'FORBIDDEN') }),
  },
  {
    name: 'referral (read)',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      await consentToPolice(api, c.id);
      const r = await referToPolice(api, c.id);
      return api.gql(as, `query($id: UUID!) { referral(id: $id) { id status } }`, { id: r.id });
    },
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'ALLOW'), 'police.officer': 'ALLOW' }),
  },
  ...(['acceptReferral', 'declineReferral'] as const).map(
    (name): MatrixOp => ({
      name,
      run: async ({ api }, as) => {
        const c = await openTeamCase(api);
        await consentToPolice(api, c.id);
        const r = await referToPolice(api, c.id);
        return name === 'acceptReferral'
          ? api.gql(as, ACCEPT, { input: { referralId: r.id, expectedVersion: r.version } })
          : api.gql(as, DECLINE, { input: { referralId: r.id, expectedVersion: r.version, reason: 'No capacity' } });
      },
      expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'FORBIDDEN'), 'police.officer': 'ALLOW' }),
    }),
  ),
  {
    name: 'completeReferral',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      await consentToPolice(api, c.id);
      const r = await referToPolice(api, c.id);
      const accepted = await api.ok('police.officer', ACCEPT, { input: { referralId: r.id, expectedVersion: r.version } });
      return api.gql(as, COMPLETE, { input: { referralId: r.id, expectedVersion: accepted.acceptReferral.version, outcome: 'Done' } });
    },
    expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'FORBIDDEN'), 'police.officer': 'ALLOW' }),
  },
  {
    name: 'withdrawReferral',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      await consentToPolice(api, c.id);
      const r = await referToPolice(api, c.id);
      return api.gql(as, WITHDRAW, { input: { referralId: r.id, expectedVersion: r.version, reason: 'Re-routed' } });
    },
    expect: expectations('NOT_FOUND', {
      ...each(['dost.intake', 'dost.manager', 'dost.supervisor'], 'ALLOW'),
      ...each(['dost.lawyer', 'dost.psychologist', 'police.officer'], 'FORBIDDEN'),
    }),
  },
  {
    name: 'countersignLegalOverride',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      const created = await api.ok('dost.manager', CREATE_REFERRAL, {
        input: {
          caseId: c.id,
          toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
          serviceType: 'INCIDENT_NOTIFICATION',
          purpose: 'LAW_ENFORCEMENT',
          dataCategories: [],
          legalOverride: { basis: 'STATUTORY_DUTY', justification: 'DOST duty to inform the police of the incident' },
          idempotencyKey: key(),
        },
      });
      return api.gql(as, `mutation($id: UUID!) { countersignLegalOverride(referralId: $id) { id } }`, { id: created.createReferral.id });
    },
    // The sending organisation's members know the referral exists (FORBIDDEN); only its supervisors countersign.
    expect: expectations('NOT_FOUND', { ...each(['dost.intake', 'dost.manager', 'dost.lawyer', 'dost.psychologist', DOST_ORG_ADMIN], 'FORBIDDEN'), 'dost.supervisor': 'ALLOW' }),
  },
  {
    name: 'requestCaseClosure',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      return api.gql(as, `mutation($id: UUID!, $v: Int!) { requestCaseClosure(caseId: $id, expectedVersion: $v) { status } }`, { id: c.id, v: c.version });
    },
    expect: expectations('NOT_FOUND', { 'dost.manager': 'ALLOW', 'dost.supervisor': 'ALLOW', ...each(['dost.intake', 'dost.lawyer', 'dost.psychologist'], 'FORBIDDEN') }),
  },
  {
    name: 'approveCaseClosure',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      await api.ok('dost.manager', `mutation($id: UUID!, $v: Int!) { requestCaseClosure(caseId: $id, expectedVersion: $v) { status } }`, { id: c.id, v: c.version });
      return api.gql(as, `mutation($id: UUID!) { approveCaseClosure(caseId: $id) { status } }`, { id: c.id });
    },
    expect: expectations('NOT_FOUND', { ...each(['dost.intake', 'dost.manager', 'dost.lawyer', 'dost.psychologist'], 'FORBIDDEN'), 'dost.supervisor': 'ALLOW' }),
  },
  {
    name: 'breakGlassReadCase',
    run: ({ api, caseA }, as) => api.gql(as, `mutation($id: UUID!, $j: String!) { breakGlassReadCase(caseId: $id, justification: $j) { id access } }`, { id: caseA.id, j: JUSTIFICATION }),
    expect: expectations('NOT_FOUND', { [CFSC_SUPERVISOR]: 'ALLOW' }),
  },
  ...(['unassigned', 'assigned'] as const).map(
    (which): MatrixOp => ({
      name: `inbox (a DOST ${which} task)`,
      run: ({ api }, as) => api.gql(as, `{ inbox(first: 100, filter: { type: FOLLOW_UP }) { edges { node { id } } } }`),
      // ALLOW = the marker task is visible; EMPTY = it is not (the inbox is scoped in SQL, never an error).
      outcome: (res) =>
        res.errors?.length ? plainOutcome(res) : res.data.inbox.edges.some((e: any) => e.node.id === MARKERS[which]) ? 'ALLOW' : 'EMPTY',
      expect:
        which === 'unassigned'
          ? expectations('EMPTY', each(DOST_CASE_ROLES, 'ALLOW'))
          : expectations('EMPTY', { 'dost.manager': 'ALLOW', 'dost.supervisor': 'ALLOW' }),
    }),
  ),
  ...(['unassigned', 'assigned'] as const).map(
    (which): MatrixOp => ({
      name: `completeTask (a DOST ${which} follow-up)`,
      run: async ({ api, caseA }, as) => {
        const [task] = await api.db.dataSource.query(
          `INSERT INTO tasks (organisation_id, type, status, case_id, assignee_id) VALUES ($1, 'FOLLOW_UP', 'OPEN', $2, $3) RETURNING id`,
          [DEMO_ORG_IDS.DOST_BAKU, caseA.id, which === 'assigned' ? DEMO_USER_IDS['dost.manager'] : null],
        );
        return api.gql(as, `mutation($id: UUID!) { completeTask(taskId: $id) { id status } }`, { id: task.id });
      },
      expect:
        which === 'unassigned'
          ? expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW'))
          : expectations('NOT_FOUND', { 'dost.manager': 'ALLOW', 'dost.supervisor': 'ALLOW' }),
    }),
  ),
  // Task assignment (claimTask, assignTask, releaseTask): one fresh DOST task per cell. Another organisation's task, and
  // a role without an inbox, are NOT_FOUND; inside DOST Baku a role that may not do this is FORBIDDEN.
  ...(['FOLLOW_UP', 'LEGAL_OVERRIDE_COUNTERSIGN'] as const).map(
    (type): MatrixOp => ({
      name: `claimTask (a DOST unassigned ${type} task)`,
      run: async ({ api, caseA }, as) => {
        const [task] = await api.db.dataSource.query(
          `INSERT INTO tasks (organisation_id, type, status, case_id) VALUES ($1, $2, 'OPEN', $3) RETURNING id`,
          [DEMO_ORG_IDS.DOST_BAKU, type, caseA.id],
        );
        return api.gql(as, `mutation($i: ClaimTaskInput!) { claimTask(input: $i) { id assigneeId } }`, { i: { taskId: task.id } });
      },
      expect:
        type === 'FOLLOW_UP'
          ? expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW'))
          : expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'FORBIDDEN'), 'dost.supervisor': 'ALLOW' }),
    }),
  ),
  ...(['assignTask', 'releaseTask'] as const).map(
    (op): MatrixOp => ({
      name: `${op} (a DOST follow-up assigned to the case manager)`,
      run: async ({ api, caseA }, as) => {
        const [task] = await api.db.dataSource.query(
          `INSERT INTO tasks (organisation_id, type, status, case_id, assignee_id) VALUES ($1, 'FOLLOW_UP', 'OPEN', $2, $3) RETURNING id`,
          [DEMO_ORG_IDS.DOST_BAKU, caseA.id, DEMO_USER_IDS['dost.manager']],
        );
        return op === 'assignTask'
          ? api.gql(as, `mutation($i: AssignTaskInput!) { assignTask(input: $i) { id assigneeId } }`, { i: { taskId: task.id, assigneeId: DEMO_USER_IDS['dost.lawyer'] } })
          : api.gql(as, `mutation($i: ReleaseTaskInput!) { releaseTask(input: $i) { id assigneeId } }`, { i: { taskId: task.id } });
      },
      expect: expectations('NOT_FOUND', { ...each(DOST_CASE_ROLES, 'FORBIDDEN'), [op === 'assignTask' ? 'dost.supervisor' : 'dost.manager']: 'ALLOW' }),
    }),
  ),
  {
    name: 'dostIntake (read)',
    run: ({ temporal, intakeCase }, as) => temporal.api.gql(as, `query($id: UUID!) { dostIntake(caseId: $id) { caseId phase } }`, { id: intakeCase.id }),
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    // FORBIDDEN outside DOST centres whatever the case (nothing about it is looked at).
    name: 'startDostIntake',
    run: async (w, as) => {
      const caseId = await intakeAt(w, 'OPENED');
      return w.temporal.api.gql(as, `mutation($i: StartDostIntakeInput!) { startDostIntake(input: $i) { phase } }`, { i: { caseId, idempotencyKey: key() } });
    },
    expect: expectations('FORBIDDEN', { [DOST_ORG_ADMIN]: 'NOT_FOUND', 'dost.intake': 'ALLOW', 'dost.manager': 'ALLOW' }),
  },
  {
    name: 'completeIntakeStep (QUEUE_TICKET, front office)',
    run: async (w, as) => {
      const caseId = await intakeAt(w, 'STARTED');
      return w.temporal.api.gql(as, `mutation($i: CompleteIntakeStepInput!) { completeIntakeStep(input: $i) { phase } }`, {
        i: { caseId, step: 'QUEUE_TICKET', idempotencyKey: key() },
      });
    },
    expect: expectations('FORBIDDEN', { [DOST_ORG_ADMIN]: 'NOT_FOUND', 'dost.intake': 'ALLOW', 'dost.manager': 'ALLOW' }),
  },
  {
    name: 'completeIntakeStep (INTERVIEW, lawyer or psychologist)',
    run: async (w, as) => {
      const caseId = await intakeAt(w, 'DESK_DONE');
      return w.temporal.api.gql(as, `mutation($i: CompleteIntakeStepInput!) { completeIntakeStep(input: $i) { phase } }`, {
        i: { caseId, step: 'INTERVIEW', assessment: { riskLevel: 'MEDIUM', needsShelter: false }, idempotencyKey: key() },
      });
    },
    expect: expectations('FORBIDDEN', { [DOST_ORG_ADMIN]: 'NOT_FOUND', 'dost.lawyer': 'ALLOW', 'dost.psychologist': 'ALLOW' }),
  },
  {
    name: 'notifyPolice (ANONYMOUS)',
    run: async (w, as) => {
      const caseId = await intakeAt(w, 'INTERVIEWED');
      return w.temporal.api.gql(as, `mutation($i: NotifyPoliceInput!) { notifyPolice(input: $i) { phase } }`, {
        i: { caseId, mode: 'ANONYMOUS', idempotencyKey: key() },
      });
    },
    expect: expectations('FORBIDDEN', { [DOST_ORG_ADMIN]: 'NOT_FOUND', 'dost.manager': 'ALLOW', 'dost.lawyer': 'ALLOW' }),
  },
  {
    // Requested by dost.lawyer: the requester cannot countersign; only a supervisor of the centre.
    name: 'countersignIntakeLegalOverride',
    run: async (w, as) => {
      const caseId = await intakeAt(w, 'OVERRIDE_REQUESTED');
      return w.temporal.api.gql(as, `mutation($i: CountersignIntakeLegalOverrideInput!) { countersignIntakeLegalOverride(input: $i) { phase } }`, {
        i: { caseId, idempotencyKey: key() },
      });
    },
    expect: expectations('FORBIDDEN', { [DOST_ORG_ADMIN]: 'NOT_FOUND', 'dost.supervisor': 'ALLOW' }),
  },
  {
    name: 'organisations',
    run: ({ api }, as) => api.gql(as, `{ organisations(type: POLICE) { id name } }`),
    expect: expectations('ALLOW', {}),
  },
  {
    name: 'updateCaseDetails',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      return api.gql(as, `mutation($i: UpdateCaseDetailsInput!) { updateCaseDetails(input: $i) { id } }`, { i: { caseId: c.id, expectedVersion: c.version, isChild: true } });
    },
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    name: 'rectifyPersonalData',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      return api.gql(as, `mutation($i: RectifyPersonalDataInput!) { rectifyPersonalData(input: $i) { id } }`, { i: { caseId: c.id, expectedVersion: c.version, survivor: { phone: '+994 50 000 00 01' } } });
    },
    expect: expectations('NOT_FOUND', each(DOST_CASE_ROLES, 'ALLOW')),
  },
  {
    name: 'reasonCodes',
    run: ({ api }, as) => api.gql(as, `{ reasonCodes(kind: DECLINE) { code labels { az en ru } } }`),
    expect: expectations('ALLOW', {}),
  },
  {
    name: 'staffMembers (own organisation)',
    run: ({ api }, as) => api.gql(as, `query($o: UUID!) { staffMembers(organisationId: $o) { id roles } }`, { o: DEMO_ORG_IDS.DOST_BAKU }),
    expect: expectations('FORBIDDEN', DOST_STAFF_READERS),
  },
  {
    name: 'staffMembers (another organisation)',
    run: ({ api }, as) => api.gql(as, `query($o: UUID!) { staffMembers(organisationId: $o) { id } }`, { o: DEMO_ORG_IDS.NGO_LEGAL_CLINIC }),
    expect: expectations('FORBIDDEN', { admin: 'ALLOW', 'ngo.lawyer': 'ALLOW' }),
  },
  {
    name: 'createOrganisation',
    run: ({ api }, as) => api.gql(as, `mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`, { i: { ...ORGANISATION_INPUT, idempotencyKey: key('org') } }),
    expect: expectations('FORBIDDEN', { admin: 'ALLOW' }),
  },
  {
    name: 'updateOrganisation',
    run: async ({ api }, as) =>
      api.gql(as, `mutation($i: UpdateOrganisationInput!) { updateOrganisation(input: $i) { id } }`, {
        i: { ...ORGANISATION_INPUT, organisationId: await freshOrganisation(api), expectedVersion: 1, contactPoints: [{ kind: 'PHONE', value: '+994 12 000 00 00' }] },
      }),
    expect: expectations('FORBIDDEN', { admin: 'ALLOW' }),
  },
  {
    name: 'deactivateOrganisation',
    run: async ({ api }, as) =>
      api.gql(as, `mutation($i: DeactivateOrganisationInput!) { deactivateOrganisation(input: $i) { reroutedReferralIds } }`, {
        i: { organisationId: await freshOrganisation(api), expectedVersion: 1 },
      }),
    expect: expectations('FORBIDDEN', { admin: 'ALLOW' }),
  },
  {
    name: 'addStaffMember (own organisation)',
    run: ({ api }, as) =>
      api.gql(as, `mutation($i: AddStaffMemberInput!) { addStaffMember(input: $i) { id } }`, {
        i: { organisationId: DEMO_ORG_IDS.DOST_BAKU, username: key('m').toLowerCase(), displayName: 'New Member', roles: ['CASE_MANAGER'], idempotencyKey: key('staff') },
      }),
    expect: expectations('FORBIDDEN', STAFF_ADMINS),
  },
  {
    name: 'addStaffMember (another organisation)',
    run: ({ api }, as) =>
      api.gql(as, `mutation($i: AddStaffMemberInput!) { addStaffMember(input: $i) { id } }`, {
        i: { organisationId: DEMO_ORG_IDS.NGO_LEGAL_CLINIC, username: key('m').toLowerCase(), displayName: 'New Member', roles: ['AGENCY_OFFICER'], idempotencyKey: key('staff') },
      }),
    expect: expectations('FORBIDDEN', { admin: 'ALLOW' }),
  },
  {
    name: 'updateStaffMember (own organisation)',
    run: async ({ api }, as) =>
      api.gql(as, `mutation($i: UpdateStaffMemberInput!) { updateStaffMember(input: $i) { id } }`, {
        i: { staffId: await freshStaff(api, DEMO_ORG_IDS.DOST_BAKU), expectedVersion: 1, roles: ['CASE_MANAGER', 'LAWYER'], preferredLanguage: 'RU' },
      }),
    expect: expectations('NOT_FOUND', STAFF_ADMINS),
  },
  {
    name: 'updateStaffMember (another organisation)',
    run: async ({ api }, as) =>
      api.gql(as, `mutation($i: UpdateStaffMemberInput!) { updateStaffMember(input: $i) { id } }`, {
        i: { staffId: await freshStaff(api, DEMO_ORG_IDS.NGO_LEGAL_CLINIC), expectedVersion: 1, displayName: 'Renamed' },
      }),
    expect: expectations('NOT_FOUND', { admin: 'ALLOW' }),
  },
  {
    name: 'deactivateStaffMember (own organisation)',
    run: async ({ api }, as) =>
      api.gql(as, `mutation($i: StaffActivationInput!) { deactivateStaffMember(input: $i) { id active } }`, {
        i: { staffId: await freshStaff(api, DEMO_ORG_IDS.DOST_BAKU), expectedVersion: 1 },
      }),
    expect: expectations('NOT_FOUND', STAFF_ADMINS),
  },
  {
    name: 'deactivateStaffMember (another organisation)',
    run: async ({ api }, as) =>
      api.gql(as, `mutation($i: StaffActivationInput!) { deactivateStaffMember(input: $i) { id active } }`, {
        i: { staffId: await freshStaff(api, DEMO_ORG_IDS.POLICE_BAKU), expectedVersion: 1 },
      }),
    expect: expectations('NOT_FOUND', { admin: 'ALLOW' }),
  },
  {
    name: 'reactivateStaffMember (own organisation)',
    run: async ({ api }, as) =>
      api.gql(as, `mutation($i: StaffActivationInput!) { reactivateStaffMember(input: $i) { id active } }`, {
        i: { staffId: await freshStaff(api, DEMO_ORG_IDS.DOST_BAKU, false), expectedVersion: 1 },
      }),
    expect: expectations('NOT_FOUND', STAFF_ADMINS),
  },
  {
    name: 'accessLog',
    run: ({ api, caseA }, as) => api.gql(as, `query($id: UUID!) { accessLog(subjectId: $id) { action } }`, { id: caseA.id }),
    expect: expectations('NOT_FOUND', { 'dost.supervisor': 'ALLOW', auditor: 'ALLOW' }),
  },
  {
    name: 'verifyAuditChain',
    run: ({ api }, as) => api.gql(as, `{ verifyAuditChain { intact } }`),
    expect: expectations('FORBIDDEN', { auditor: 'ALLOW' }),
  },
  {
    name: 'regionCaseStatus',
    run: ({ api }, as) => api.gql(as, `{ regionCaseStatus { caseCode status openReferrals escalatedReferrals } }`),
    expect: expectations('FORBIDDEN', { 'monitoring.officer': 'ALLOW' }),
  },
  {
    name: 'regionCases',
    run: ({ api }, as) => api.gql(as, `{ regionCases(first: 5) { totalCount edges { node { caseCode status escalatedReferrals } } } }`),
    expect: expectations('FORBIDDEN', { 'monitoring.officer': 'ALLOW' }),
  },
  {
    name: 'notifications (own feed)',
    run: ({ api }, as) => api.gql(as, `{ notifications(first: 5) { edges { node { id } } } }`),
    expect: expectations('ALLOW', {}),
  },
  {
    name: 'me (oneself only: the token names the member, there is no argument to name another)',
    run: async ({ api }, as) => {
      const res = await api.gql(as, `{ me { id displayName roles supervisorId preferredLanguage organisation { id name type } } }`);
      if (res.errors?.length) return res;
      const [own] = await api.db.dataSource.query(
        `SELECT s.id, s.display_name, s.roles, s.organisation_id FROM staff_members s WHERE s.username = $1 OR s.id::text = $1`,
        [as],
      );
      const me = res.data.me as { id: string; displayName: string; roles: string[]; organisation: { id: string } };
      const self = me.id === own.id && me.displayName === own.display_name && me.organisation.id === own.organisation_id;
      return self && [...me.roles].sort().join() === [...(own.roles as string[])].sort().join()
        ? res
        : { ...res, errors: [{ message: 'another member', extensions: { code: 'FORBIDDEN' } }] };
    },
    expect: expectations('ALLOW', {}),
  },
  {
    name: 'notificationSettings (own)',
    run: ({ api }, as) => api.gql(as, `{ notificationSettings { language } }`),
    expect: expectations('ALLOW', {}),
  },
  {
    name: 'setNotificationContact (own)',
    run: ({ api }, as) => api.gql(as, `mutation { setNotificationContact(input: { language: EN }) { language } }`),
    expect: expectations('ALLOW', {}),
  },
  {
    name: 'setNotificationPreference (own, a kind that may be switched off)',
    run: ({ api }, as) =>
      api.gql(as, `mutation { setNotificationPreference(input: { kind: REFERRAL_ACCEPTED, channel: EMAIL, enabled: false }) { language } }`),
    expect: expectations('ALLOW', {}),
  },
  {
    name: 'webhooks (own organisation)',
    run: ({ api }, as) => api.gql(as, `{ webhooks { id } }`),
    expect: expectations('FORBIDDEN', each(WEBHOOK_ADMINS, 'ALLOW')),
  },
  {
    name: 'registerWebhook (own organisation)',
    run: ({ api }, as) => api.gql(as, REGISTER_WEBHOOK, { input: { url: 'https://receiver.example.az/hooks', idempotencyKey: key() } }),
    expect: expectations('FORBIDDEN', each(WEBHOOK_ADMINS, 'ALLOW')),
  },
  {
    name: 'setWebhookActive (a DOST webhook)',
    run: ({ api, webhookId }, as) =>
      api.gql(as, `mutation($id: UUID!) { setWebhookActive(webhookId: $id, active: true) { id } }`, { id: webhookId }),
    expect: expectations('FORBIDDEN', { 'dost.supervisor': 'ALLOW', [DOST_ORG_ADMIN]: 'ALLOW', admin: 'NOT_FOUND', [CFSC_SUPERVISOR]: 'NOT_FOUND' }),
  },
  {
    name: 'failedNotificationDeliveries (own organisation)',
    run: ({ api }, as) => api.gql(as, `{ failedNotificationDeliveries { id } }`),
    expect: expectations('FORBIDDEN', each(WEBHOOK_ADMINS, 'ALLOW')),
  },
  {
    name: 'contactStatistics',
    run: ({ api }, as) => api.gql(as, `{ contactStatistics { total byCategory { key count suppressed } } }`),
    expect: expectations('FORBIDDEN', { 'monitoring.officer': 'ALLOW', admin: 'ALLOW' }),
  },
  {
    name: 'contactStatistics of another region',
    run: ({ api }, as) => api.gql(as, `{ contactStatistics(region: "Ganja") { total } }`),
    expect: expectations('FORBIDDEN', { admin: 'ALLOW' }),
  },
  // ---- case assignment (issue 14 item 4): access follows assignment inside an organisation ------------------------
  {
    name: 'case (read, a DOST case only its opener is assigned to)',
    run: async ({ api }, as) => {
      const c = await openCase(api);
      return api.gql(as, `query($id: UUID!) { case(id: $id) { id status } }`, { id: c.id });
    },
    // The unassigned colleagues: NOT_FOUND, exactly as across organisations. The SUPERVISOR role reaches every case.
    expect: expectations('NOT_FOUND', { 'dost.manager': 'ALLOW', 'dost.supervisor': 'ALLOW', 'monitoring.officer': 'ALLOW' }),
  },
  {
    name: 'breakGlassReadCase (a DOST case only its opener is assigned to)',
    run: async ({ api }, as) => {
      const c = await openCase(api);
      return api.gql(as, `mutation($id: UUID!, $j: String!) { breakGlassReadCase(caseId: $id, justification: $j) { id access } }`, { id: c.id, j: JUSTIFICATION });
    },
    // The unassigned colleagues may break the glass (audited); its worker and supervisors have nothing to break.
    expect: expectations('NOT_FOUND', { ...each(['dost.intake', 'dost.lawyer', 'dost.psychologist'], 'ALLOW'), [CFSC_SUPERVISOR]: 'ALLOW' }),
  },
  {
    name: 'referral (read, of a DOST case only its opener is assigned to)',
    run: async ({ api }, as) => {
      const c = await openCase(api);
      await consentToPolice(api, c.id);
      const r = await referToPolice(api, c.id);
      return api.gql(as, `query($id: UUID!) { referral(id: $id) { id status } }`, { id: r.id });
    },
    // The sender's side follows the case's team; the recipient's officers read a PENDING referral to answer it.
    expect: expectations('NOT_FOUND', { 'dost.manager': 'ALLOW', 'dost.supervisor': 'ALLOW', 'police.officer': 'ALLOW' }),
  },
  {
    name: 'withdrawReferral (of a DOST case only its opener is assigned to)',
    run: async ({ api }, as) => {
      const c = await openCase(api);
      await consentToPolice(api, c.id);
      const r = await referToPolice(api, c.id);
      return api.gql(as, WITHDRAW, { input: { referralId: r.id, expectedVersion: r.version, reason: 'Re-routed' } });
    },
    expect: expectations('NOT_FOUND', { 'dost.manager': 'ALLOW', 'dost.supervisor': 'ALLOW', 'police.officer': 'FORBIDDEN' }),
  },
  {
    name: 'assignCase',
    run: async ({ api }, as) => {
      const c = await openCase(api);
      return api.gql(as, `mutation($i: AssignCaseInput!) { assignCase(input: $i) { workerIds } }`, { i: { caseId: c.id, staffId: DEMO_USER_IDS['dost.lawyer'] } });
    },
    expect: expectations('NOT_FOUND', {
      ...each(['dost.intake', 'dost.manager', 'dost.lawyer', 'dost.psychologist'], 'FORBIDDEN'),
      'dost.supervisor': 'ALLOW',
      [DOST_ORG_ADMIN]: 'ALLOW',
    }),
  },
  {
    name: 'unassignCase',
    run: async ({ api }, as) => {
      const c = await openTeamCase(api);
      return api.gql(as, `mutation($i: UnassignCaseInput!) { unassignCase(input: $i) { workerIds } }`, { i: { caseId: c.id, staffId: DEMO_USER_IDS['dost.lawyer'] } });
    },
    expect: expectations('NOT_FOUND', {
      ...each(['dost.intake', 'dost.manager', 'dost.lawyer', 'dost.psychologist'], 'FORBIDDEN'),
      'dost.supervisor': 'ALLOW',
      [DOST_ORG_ADMIN]: 'ALLOW',
    }),
  },
  {
    name: 'caseload (MINE, caseA)',
    // Every page (the matrix opens many newer cases): ALLOW = caseA is listed; EMPTY = it is not (scoped in SQL, never an error).
    run: async ({ api, caseA }, as) => {
      let after: string | null = null;
      for (;;) {
        const res: GqlResponse = await api.gql(as, `query($after: String) { caseload(assignment: MINE, first: 100, after: $after) { edges { node { caseId } } pageInfo { endCursor hasNextPage } } }`, { after });
        if (res.errors?.length) return res;
        const page = res.data.caseload as { edges: { node: { caseId: string } }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
        if (page.edges.some((e) => e.node.caseId === caseA.id)) return { ...res, data: { listed: true } };
        if (!page.pageInfo.hasNextPage) return { ...res, data: { listed: false } };
        after = page.pageInfo.endCursor;
      }
    },
    outcome: (res) => (res.errors?.length ? (res.errors[0]!.extensions.code as Outcome) : res.data.listed ? 'ALLOW' : 'EMPTY'),
    expect: expectations('EMPTY', each(['dost.intake', 'dost.manager', 'dost.lawyer', 'dost.psychologist'], 'ALLOW')),
  },
  {
    name: 'agencyPerformance',
    run: ({ api }, as) => api.gql(as, `{ agencyPerformance { organisationId received respondedOnTime medianResponseMinutes } }`),
    expect: expectations('FORBIDDEN', { 'monitoring.officer': 'ALLOW' }),
  },
];

describe('authorization matrix (e2e)', () => {
  const world = {} as World;
  beforeAll(async () => {
    // One API, one embedded Temporal server and worker for the whole matrix.
    world.api = await ApiHarness.start();
    world.temporal = { api: world.api, ...world.api.temporal, stop: () => Promise.resolve() };
    const cfsc = randomUUID();
    const cfscSupervisor = randomUUID();
    const dostOrgAdmin = randomUUID();
    for (const api of [world.api]) {
      await api.db.dataSource.query(
        `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, active) VALUES ($1, $2, $3, 'DOST Administrator', '{ORGANISATION_ADMIN}', true)`,
        [dostOrgAdmin, DEMO_ORG_IDS.DOST_BAKU, DOST_ORG_ADMIN],
      );
      await api.db.dataSource.query(`INSERT INTO organisations (id, name, type, region, services) VALUES ($1, 'CFSC Baku', 'CFSC', $2, '{}')`, [cfsc, DEMO_REGION]);
      await api.db.dataSource.query(
        `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, active) VALUES ($1, $2, $3, 'CFSC Supervisor', '{SUPERVISOR}', true)`,
        [cfscSupervisor, cfsc, CFSC_SUPERVISOR],
      );
    }
    world.intakeCase = { id: await intakeAt(world, 'STARTED') };
    const hook = await world.api.ok('dost.supervisor', REGISTER_WEBHOOK, { input: { url: 'https://dost.example.az/hooks', idempotencyKey: key() } });
    world.webhookId = hook.registerWebhook.webhook.id;
    // Shared world for read rows: a DOST case with consent to the police and a PENDING police referral.
    world.caseA = await openTeamCase(world.api);
    await consentToPolice(world.api, world.caseA.id);
    await referToPolice(world.api, world.caseA.id);
    // One assessment to read back (answers row): keeps the level HIGH.
    await world.api.ok('dost.manager', `mutation($i: AssessRiskInput!) { assessRisk(input: $i) { id } }`, {
      i: { caseId: world.caseA.id, answers: HIGH_ANSWERS, idempotencyKey: key('risk') },
    });
    // Inbox markers: an unassigned DOST task (the whole team's queue) and one assigned to the case manager. Due
    // first, so the case workflows' own follow-ups (one per case the matrix opens) do not push them off the page.
    const [unassigned] = await world.api.db.dataSource.query(
      `INSERT INTO tasks (organisation_id, type, status, case_id, due_at) VALUES ($1, 'FOLLOW_UP', 'OPEN', $2, now() - interval '1 day') RETURNING id`,
      [DEMO_ORG_IDS.DOST_BAKU, world.caseA.id],
    );
    const [assigned] = await world.api.db.dataSource.query(
      `INSERT INTO tasks (organisation_id, type, status, case_id, assignee_id, due_at) VALUES ($1, 'FOLLOW_UP', 'OPEN', $2, $3, now() - interval '1 day') RETURNING id`,
      [DEMO_ORG_IDS.DOST_BAKU, world.caseA.id, DEMO_USER_IDS['dost.manager']],
    );
    MARKERS.unassigned = unassigned.id;
    MARKERS.assigned = assigned.id;
  }, 120_000);
  afterAll(async () => {
    await world.api?.stop();
  });

  const staffIds = new Map<string, string>();
  async function userRef(role: Role): Promise<string> {
    if (role !== CFSC_SUPERVISOR && role !== DOST_ORG_ADMIN) return role;
    if (!staffIds.has(role)) {
      const [row] = await world.api.db.dataSource.query(`SELECT id FROM staff_members WHERE username = $1`, [role]);
      staffIds.set(role, row.id);
    }
    return staffIds.get(role)!;
  }

  const cells = OPS.flatMap((op) => ROLES.map((role) => [op.name, role, op.expect[role], op] as const));
  it.each(cells)('%s as %s → %s', async (_name, role, expected, op) => {
    const res = await op.run(world, await userRef(role));
    expect((op.outcome ?? plainOutcome)(res)).toBe(expected);
  });

  it('me: no token, or the token of a deactivated member, is refused (UNAUTHENTICATED), never another member', async () => {
    const gone = randomUUID();
    await world.api.db.dataSource.query(
      `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, active) VALUES ($1, $2, $3, 'Left DOST', '{CASE_MANAGER}', false)`,
      [gone, DEMO_ORG_IDS.DOST_BAKU, `left.${gone.slice(0, 8)}`],
    );
    for (const as of [null, gone]) {
      const res = await world.api.gql(as, `{ me { id } }`);
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('covers every operation of the schema', async () => {
    const { GraphQLSchemaHost } = await import('@nestjs/graphql');
    const schema = world.api.app.get(GraphQLSchemaHost).schema;
    const all = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())];
    const covered = new Set(OPS.map((o) => o.name.split(' ')[0]!));
    expect(all.filter((name) => name !== 'health' && !covered.has(name))).toEqual([]);
  });
});
