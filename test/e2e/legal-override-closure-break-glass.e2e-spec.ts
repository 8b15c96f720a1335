import { randomUUID } from 'node:crypto';
import { DEMO_ORG_IDS, DEMO_REGION } from '@lib/persistence';
import { ApiHarness, codeOf } from './support/api-harness';
import { CASE_WITH_SURVIVOR, CREATE_REFERRAL, INBOX, consentToPolice, key, openCase, referToPolice } from './support/operations';

const COUNTERSIGN = `mutation($id: UUID!) { countersignLegalOverride(referralId: $id) { id status disclosureAuthorised dataCategories legalBasis } }`;
const REQUEST_CLOSURE = `mutation($id: UUID!, $v: Int!) { requestCaseClosure(caseId: $id, expectedVersion: $v) { id status version } }`;
const APPROVE_CLOSURE = `mutation($id: UUID!) { approveCaseClosure(caseId: $id) { id status closedAt } }`;
const BREAK_GLASS = `mutation($id: UUID!, $j: String!) { breakGlassReadCase(caseId: $id, justification: $j) { id access survivor { fullName address } } }`;

describe('legal override, closure, break-glass (e2e)', () => {
  let api: ApiHarness;
  const cfscSupervisor = randomUUID();
  beforeAll(async () => {
    api = await ApiHarness.start();
    // A Child and Family Support Centre in the same region, with a supervisor (break-glass is for other organisations' cases).
    const cfsc = randomUUID();
    await api.db.dataSource.query(`INSERT INTO organisations (id, name, type, region, services) VALUES ($1, 'CFSC Baku', 'CFSC', $2, '{}')`, [cfsc, DEMO_REGION]);
    await api.db.dataSource.query(
      `INSERT INTO staff_members (id, organisation_id, username, display_name, roles, active) VALUES ($1, $2, 'cfsc.supervisor', 'CFSC Supervisor', '{SUPERVISOR}', true)`,
      [cfscSupervisor, cfsc],
    );
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('a legal override discloses nothing until a supervisor (not the requester) countersigns, then only the minimum', async () => {
    const c = await openCase(api);
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
    const referral = created.createReferral;
    expect(referral).toMatchObject({ status: 'PENDING', disclosureAuthorised: false, dataCategories: ['INCIDENT_NARRATIVE'] });

    // Before countersignature: the police know nothing.
    expect(codeOf(await api.gql('police.officer', CASE_WITH_SURVIVOR, { id: c.id }))).toBe('NOT_FOUND');
    expect(codeOf(await api.gql('police.officer', `query($id: UUID!) { referral(id: $id) { id } }`, { id: referral.id }))).toBe('NOT_FOUND');
    const policeInbox = await api.ok('police.officer', INBOX, { first: 100 });
    expect(policeInbox.inbox.edges.some((e: any) => e.node.referralId === referral.id)).toBe(false);
    // The supervisor has the countersign task.
    const supInbox = await api.ok('dost.supervisor', INBOX, { first: 100, filter: { type: 'LEGAL_OVERRIDE_COUNTERSIGN' } });
    expect(supInbox.inbox.edges.map((e: any) => e.node.referralId)).toContain(referral.id);

    expect(codeOf(await api.gql('dost.manager', COUNTERSIGN, { id: referral.id }))).toBe('FORBIDDEN');
    expect(codeOf(await api.gql('police.officer', COUNTERSIGN, { id: referral.id }))).toBe('NOT_FOUND');
    const signed = await api.ok('dost.supervisor', COUNTERSIGN, { id: referral.id });
    expect(signed.countersignLegalOverride.disclosureAuthorised).toBe(true);
    expect(codeOf(await api.gql('dost.supervisor', COUNTERSIGN, { id: referral.id }))).toBe('CONFLICT');

    const after = await api.ok('police.officer', INBOX, { first: 100 });
    expect(after.inbox.edges.some((e: any) => e.node.referralId === referral.id && e.node.type === 'REFERRAL_RESPONSE')).toBe(true);
    const seen = await api.gql('police.officer', `query($id: UUID!) { case(id: $id) { survivor { narrative fullName } } }`, { id: c.id });
    expect(seen.data.case.survivor.narrative).toBe('Repeated assaults at home');
    expect(seen.errors!.map((e) => [e.path!.join('.'), e.extensions.code])).toEqual([['case.survivor.fullName', 'FORBIDDEN']]);
  });

  it('a legal override with a short justification or a basis that does not fit is BAD_USER_INPUT', async () => {
    const c = await openCase(api);
    const res = await api.gql('dost.manager', CREATE_REFERRAL, {
      input: {
        caseId: c.id,
        toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
        serviceType: 'INCIDENT_NOTIFICATION',
        purpose: 'LAW_ENFORCEMENT',
        dataCategories: ['HEALTH'],
        legalOverride: { basis: 'CHILD_AT_RISK', justification: 'too short' },
        idempotencyKey: key(),
      },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const paths = res.errors![0]!.extensions.fields.map((f: any) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['input.legalOverride.justification', 'input.legalOverride.legalBasis']));
  });

  it('closure: requested by a case manager, approved by a supervisor only; open referrals are withdrawn', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id);
    const r = await referToPolice(api, c.id);
    expect(codeOf(await api.gql('dost.manager', REQUEST_CLOSURE, { id: c.id, v: c.version + 5 }))).toBe('CONFLICT');
    const requested = await api.ok('dost.manager', REQUEST_CLOSURE, { id: c.id, v: c.version });
    expect(requested.requestCaseClosure.status).toBe('CLOSURE_REQUESTED');
    const sup = await api.ok('dost.supervisor', INBOX, { first: 100, filter: { type: 'CLOSURE_APPROVAL' } });
    expect(sup.inbox.edges.map((e: any) => e.node.caseId)).toContain(c.id);

    expect(codeOf(await api.gql('dost.manager', APPROVE_CLOSURE, { id: c.id }))).toBe('FORBIDDEN');
    expect(codeOf(await api.gql('police.officer', APPROVE_CLOSURE, { id: c.id }))).toBe('NOT_FOUND');
    const closed = await api.ok('dost.supervisor', APPROVE_CLOSURE, { id: c.id });
    expect(closed.approveCaseClosure.status).toBe('CLOSED');
    const referral = await api.ok('dost.manager', `query($id: UUID!) { referral(id: $id) { status withdrawReason } }`, { id: r.id });
    expect(referral.referral.status).toBe('WITHDRAWN');
    expect(codeOf(await api.gql('police.officer', CASE_WITH_SURVIVOR, { id: c.id }))).toBe('NOT_FOUND');
  });

  it('break-glass: justified, audited with break_glass=true, flagged for review; denied without the right', async () => {
    const c = await openCase(api);
    const short = await api.gql(cfscSupervisor, BREAK_GLASS, { id: c.id, j: 'because' });
    expect(codeOf(short)).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.gql('police.officer', BREAK_GLASS, { id: c.id, j: 'Imminent danger reported by a neighbour' }))).toBe('NOT_FOUND');

    const res = await api.ok(cfscSupervisor, BREAK_GLASS, { id: c.id, j: 'Imminent danger reported by a neighbour' });
    expect(res.breakGlassReadCase).toMatchObject({ access: 'BREAK_GLASS', survivor: { fullName: 'Aysel Mammadova' } });
    const events: { action: string; break_glass: boolean; justification: string | null }[] = await api.db.dataSource.query(
      `SELECT action, break_glass, justification FROM audit_events WHERE case_id = $1 AND actor_id = $2 ORDER BY seq`,
      [c.id, cfscSupervisor],
    );
    expect(events.map((e) => [e.action, e.break_glass])).toEqual([
      ['BREAK_GLASS_READ', true],
      ['BREAK_GLASS_READ_PERSONAL_DATA', true],
    ]);
    expect(events[0]!.justification).toBe('Imminent danger reported by a neighbour');
    const review = await api.ok('dost.supervisor', INBOX, { first: 100, filter: { type: 'BREAK_GLASS_REVIEW' } });
    expect(review.inbox.edges.map((e: any) => e.node.caseId)).toContain(c.id);
  });
});
