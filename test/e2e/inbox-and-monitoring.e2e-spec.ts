import { randomUUID } from 'node:crypto';
import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { ApiHarness, codeOf } from './support/api-harness';
import { CREATE_REFERRAL, INBOX, OPEN_CASE, consentToPolice, key, openCase, openCaseInput, referToPolice } from './support/operations';

describe('inbox pagination and monitoring views (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('pages the whole inbox with opaque cursors: overdue first, then by due time, undated last; no gaps, no repeats', async () => {
    const org = DEMO_ORG_IDS.NGO_LEGAL_CLINIC;
    const now = Date.now();
    // Ties on due time (same instant, microsecond precision), overdue, future and undated tasks, plus noise.
    const due = [
      new Date(now - 3_600_000).toISOString(),
      new Date(now - 3_600_000).toISOString(),
      '2020-01-01T00:00:00.123456Z',
      new Date(now + 60_000).toISOString(),
      new Date(now + 7_200_000).toISOString(),
      null,
      null,
      new Date(now + 86_400_000).toISOString(),
    ];
    for (const d of [...due, ...due]) {
      await api.db.dataSource.query(`INSERT INTO tasks (id, organisation_id, type, status, due_at) VALUES ($1, $2, 'FOLLOW_UP', 'OPEN', $3)`, [randomUUID(), org, d]);
    }
    await api.db.dataSource.query(`INSERT INTO tasks (organisation_id, type, status, due_at) VALUES ($1, 'FOLLOW_UP', 'DONE', now())`, [org]);
    await api.db.dataSource.query(`INSERT INTO tasks (organisation_id, type, status, due_at, assignee_id) VALUES ($1, 'FOLLOW_UP', 'OPEN', now(), $2)`, [
      DEMO_ORG_IDS.DOST_BAKU,
      DEMO_USER_IDS['dost.manager'],
    ]);
    const expected: { id: string }[] = await api.db.dataSource.query(
      `SELECT id FROM tasks WHERE organisation_id = $1 AND status = 'OPEN' ORDER BY due_at ASC NULLS LAST, id ASC`,
      [org],
    );
    const seen: any[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: any = await api.ok('ngo.lawyer', INBOX, { first: 3, after });
      seen.push(...res.inbox.edges.map((e: any) => e.node));
      after = res.inbox.pageInfo.endCursor;
      if (!res.inbox.pageInfo.hasNextPage) break;
    }
    expect(seen.map((n) => n.id)).toEqual(expected.map((r) => r.id));
    const firstFuture = seen.findIndex((n) => !n.overdue);
    expect(seen.slice(0, firstFuture).every((n) => n.overdue)).toBe(true);
    expect(seen.slice(firstFuture).every((n) => !n.overdue)).toBe(true);
    expect(seen.slice(-4).every((n) => n.dueAt === null)).toBe(true);
    expect(after).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/); // opaque, not a raw id
  });

  it('filters by type and due window, and rejects a forged cursor or page size with field paths', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id);
    const r = await referToPolice(api, c.id);
    const soon = new Date(Date.now() + 10 * 24 * 3600_000).toISOString();
    const filtered = await api.ok('police.officer', INBOX, { first: 50, filter: { type: 'REFERRAL_RESPONSE', dueBefore: soon } });
    expect(filtered.inbox.edges.map((e: any) => e.node.referralId)).toContain(r.id);
    expect(filtered.inbox.edges.every((e: any) => e.node.type === 'REFERRAL_RESPONSE')).toBe(true);
    const later = await api.ok('police.officer', INBOX, { first: 50, filter: { dueAfter: soon } });
    expect(later.inbox.edges.map((e: any) => e.node.referralId)).not.toContain(r.id);

    const forged = await api.gql('police.officer', INBOX, { first: 5, after: Buffer.from('["x","y"]').toString('base64url') });
    expect(codeOf(forged)).toBe('BAD_USER_INPUT');
    expect(forged.errors![0]!.extensions.fields).toEqual([{ path: 'after', message: 'not a cursor returned by this API' }]);
    const tooMany = await api.gql('police.officer', INBOX, { first: 1000 });
    expect(tooMany.errors![0]!.extensions.fields[0].path).toBe('first');
  });

  it('monitoring officers see de-identified regional status: codes, states and counts, no identity', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id);
    await referToPolice(api, c.id);
    const res = await api.ok('monitoring.officer', `{ regionCaseStatus { caseId caseCode status category riskLevel openReferrals overdueReferrals } }`);
    const row = res.regionCaseStatus.find((r: any) => r.caseId === c.id);
    expect(row).toMatchObject({ caseCode: c.caseCode, status: 'OPEN', riskLevel: 'HIGH', openReferrals: 1, overdueReferrals: 0 });
    expect(JSON.stringify(res)).not.toContain('Aysel');
    // The case itself: de-identified fields only, and no personal data.
    const view = await api.gql('monitoring.officer', `query($id: UUID!) { case(id: $id) { access caseCode status region survivor { fullName } } }`, { id: c.id });
    expect(view.data.case).toMatchObject({ access: 'MONITOR', caseCode: null, status: 'OPEN', region: 'Baku', survivor: null });
    expect(codeOf(view)).toBe('FORBIDDEN');
  });

  it('police without consent get an identity-free incident notice, never the survivor', async () => {
    const c = await openCase(api);
    const res = await api.ok('dost.manager', CREATE_REFERRAL, {
      input: { caseId: c.id, toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU, serviceType: 'ANONYMOUS_INCIDENT_NOTICE', purpose: 'LAW_ENFORCEMENT', dataCategories: [], idempotencyKey: key() },
    });
    expect(res.createReferral).toMatchObject({ dataProfile: 'ANONYMOUS_INCIDENT', dataCategories: [] });
    const view = await api.gql('police.officer', `query($id: UUID!) { case(id: $id) { caseCode category riskLevel region survivor { fullName } } }`, { id: c.id });
    expect(view.data.case).toMatchObject({ caseCode: null, category: 'DOMESTIC_VIOLENCE', riskLevel: 'HIGH', survivor: null });
    expect(codeOf(view)).toBe('FORBIDDEN');
    // Nor does the notice carry the case code, in the inbox or on the referral.
    const inbox = await api.ok('police.officer', INBOX, { first: 100 });
    const task = inbox.inbox.edges.map((e: any) => e.node).find((n: any) => n.referralId === res.createReferral.id);
    expect(task).toMatchObject({ type: 'REFERRAL_RESPONSE', caseCode: null });
    const referral = await api.ok('police.officer', `query($id: UUID!) { referral(id: $id) { caseCode dataProfile } }`, { id: res.createReferral.id });
    expect(referral.referral).toEqual({ caseCode: null, dataProfile: 'ANONYMOUS_INCIDENT' });
    const senderView = await api.ok('dost.manager', `query($id: UUID!) { referral(id: $id) { caseCode } }`, { id: res.createReferral.id });
    expect(senderView.referral.caseCode).toBe(c.caseCode);
    // Asking for identity without consent is refused, naming what is missing.
    const refused = await api.gql('dost.manager', CREATE_REFERRAL, {
      input: { caseId: c.id, toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU, serviceType: 'INCIDENT_NOTIFICATION', purpose: 'LAW_ENFORCEMENT', dataCategories: ['IDENTITY'], idempotencyKey: key() },
    });
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CONSENT_REQUIRED', missingCategories: ['IDENTITY'] });
  });

  it('the anonymous notice tells the police the date and the type of place, never an address (consent rule 2)', async () => {
    const c = await openCase(api, 'dost.manager', { incident: { date: '2026-11-20', placeType: 'HOME' } });
    const res = await api.ok('dost.manager', CREATE_REFERRAL, {
      input: { caseId: c.id, toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU, serviceType: 'ANONYMOUS_INCIDENT_NOTICE', purpose: 'LAW_ENFORCEMENT', dataCategories: [], idempotencyKey: key() },
    });
    expect(res.createReferral.dataProfile).toBe('ANONYMOUS_INCIDENT');
    const notice = `query($id: UUID!) { case(id: $id) { caseCode category riskLevel region incidentDate incidentPlaceType openedAt } }`;
    const police = await api.ok('police.officer', notice, { id: c.id });
    expect(police.case).toEqual({ caseCode: null, category: 'DOMESTIC_VIOLENCE', riskLevel: 'HIGH', region: 'Baku', incidentDate: '2026-11-20', incidentPlaceType: 'HOME', openedAt: null });
    const owner = await api.ok('dost.manager', notice, { id: c.id });
    expect(owner.case).toMatchObject({ caseCode: c.caseCode, incidentDate: '2026-11-20', incidentPlaceType: 'HOME' });
    // Monitoring groups see de-identified status, not when and where it happened.
    const monitor = await api.gql('monitoring.officer', `query($id: UUID!) { case(id: $id) { status incidentDate incidentPlaceType } }`, { id: c.id });
    expect(monitor.data.case).toMatchObject({ status: 'OPEN', incidentDate: null, incidentPlaceType: null });
  });

  it('refuses an incident date in the future or an unknown place type, with field paths', async () => {
    const res = await api.gql('dost.manager', OPEN_CASE, { input: openCaseInput({ incident: { date: '2999-01-01', placeType: 'HOME' } }) });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.incident.date', message: 'must not be in the future' }] });
    const bad = await api.gql('dost.manager', OPEN_CASE, { input: openCaseInput({ incident: { date: '2026-02-30' } }) });
    expect(bad.errors![0]!.extensions.fields[0].path).toBe('input.incident.date');
  });
});
