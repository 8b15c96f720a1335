import { DEMO_ORG_IDS, DEMO_USER_IDS } from '@lib/persistence';
import { ApiHarness, codeOf } from './support/api-harness';
import { ACCEPT, CASE_WITH_SURVIVOR, COMPLETE, INBOX, SURVIVOR, consentToPolice, openCase, referToPolice } from './support/operations';

/** The whole story over HTTP: open case → consent → referral → recipient inbox → accept → complete → timeline/access log. */
describe('referral story (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('carries a case from intake to a completed police referral, audited end to end', async () => {
    const opened = await openCase(api);
    expect(opened.caseCode).toMatch(/^NRM-[0-9A-Z]{8}$/);
    expect(opened.status).toBe('OPEN');

    // Personal data is encrypted at rest: no plaintext anywhere in the persons row.
    const raw: { t: string }[] = await api.db.dataSource.query(`SELECT row_to_json(p)::text AS t FROM persons p WHERE case_id = $1`, [opened.id]);
    expect(raw.length).toBe(2);
    for (const row of raw) expect(row.t).not.toContain('Aysel');

    // Before consent/referral the police cannot see the case at all (NOT_FOUND, not FORBIDDEN).
    const before = await api.gql('police.officer', CASE_WITH_SURVIVOR, { id: opened.id });
    expect(codeOf(before)).toBe('NOT_FOUND');

    await consentToPolice(api, opened.id);
    const referral = await referToPolice(api, opened.id);
    expect(referral.status).toBe('PENDING');
    const created = await api.ok('dost.manager', `query($id: UUID!) { referral(id: $id) { dataProfile dataCategories responseDueAt serviceDueAt disclosureAuthorised } }`, { id: referral.id });
    expect(created.referral.dataProfile).toBe('FULL');
    expect(created.referral.disclosureAuthorised).toBe(true);
    // High risk: the response is due in hours, not days.
    const dueInMs = new Date(created.referral.responseDueAt).getTime() - Date.now();
    expect(dueInMs).toBeGreaterThan(0);
    expect(dueInMs).toBeLessThanOrEqual(48 * 3600 * 1000);

    // The recipient's inbox holds a REFERRAL_RESPONSE task with the case code and ids only.
    const inbox = await api.ok('police.officer', INBOX, { first: 20 });
    const task = inbox.inbox.edges.map((e: any) => e.node).find((n: any) => n.referralId === referral.id);
    expect(task).toMatchObject({ type: 'REFERRAL_RESPONSE', caseCode: opened.caseCode, caseId: opened.id, status: 'OPEN' });
    expect(JSON.stringify(inbox)).not.toContain('Aysel');

    // The recipient sees the consented fields, and is refused the others with FORBIDDEN on their paths.
    const seen = await api.gql('police.officer', CASE_WITH_SURVIVOR, { id: opened.id });
    expect(seen.data.case.access).toBe('RECIPIENT');
    expect(seen.data.case.survivor.fullName).toBe(SURVIVOR.fullName);
    expect(seen.data.case.survivor.phone).toBe(SURVIVOR.phone);
    expect(seen.data.case.survivor.narrative).toBe(SURVIVOR.narrative);
    const refusedPaths = (seen.errors ?? []).map((e) => `${e.path!.join('.')}:${e.extensions.code}`).sort();
    expect(refusedPaths).toEqual(['case.survivor.address:FORBIDDEN', 'case.survivor.healthNotes:FORBIDDEN']);
    expect(seen.data.case.survivor.address).toBeNull();

    const accepted = await api.ok('police.officer', ACCEPT, { input: { referralId: referral.id, expectedVersion: referral.version } });
    expect(accepted.acceptReferral.status).toBe('ACCEPTED');
    const completed = await api.ok('police.officer', COMPLETE, {
      input: { referralId: referral.id, expectedVersion: accepted.acceptReferral.version, outcome: 'Protection order issued' },
    });
    expect(completed.completeReferral.status).toBe('COMPLETED');

    // The response task is done; the inbox no longer lists it as open.
    const after = await api.ok('police.officer', INBOX, { first: 50 });
    expect(after.inbox.edges.some((e: any) => e.node.referralId === referral.id && e.node.type === 'REFERRAL_RESPONSE')).toBe(false);

    // Once COMPLETED, the referral no longer grants access.
    expect(codeOf(await api.gql('police.officer', CASE_WITH_SURVIVOR, { id: opened.id }))).toBe('NOT_FOUND');

    const timeline = await api.ok('dost.manager', `query($id: UUID!) { caseTimeline(caseId: $id) { kind referralId details } }`, { id: opened.id });
    const kinds: string[] = timeline.caseTimeline.map((e: any) => e.kind);
    expect(kinds.slice(0, 3)).toEqual(['CASE_OPENED', 'CONSENT_RECORDED', 'REFERRAL_CREATED']);
    // The referral workflow opens it (deadlines pinned, consent re-checked, task sent): two entries of one instant.
    expect(kinds.slice(3, 5).sort()).toEqual(['REFERRAL_DEADLINES_SET', 'REFERRAL_SENT']);
    expect(kinds.slice(5)).toEqual(['REFERRAL_ACCEPTED', 'REFERRAL_COMPLETED']);
    expect(JSON.stringify(timeline)).not.toContain('Aysel');

    // Access log (owning organisation's supervisor): who read which fields, by name only, with the request id.
    const log = await api.ok('dost.supervisor', `query($id: UUID!) { accessLog(subjectId: $id) { action actorId organisationId fields purpose requestId breakGlass } }`, { id: opened.id });
    const actions = log.accessLog.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['CASE_OPENED', 'CONSENT_RECORDED', 'REFERRAL_CREATED', 'READ_PERSONAL_DATA', 'REFERRAL_ACCEPTED', 'REFERRAL_COMPLETED']));
    const policeRead = log.accessLog.find((e: any) => e.action === 'READ_PERSONAL_DATA');
    expect(policeRead).toMatchObject({ actorId: DEMO_USER_IDS['police.officer'], organisationId: DEMO_ORG_IDS.POLICE_BAKU, purpose: 'LAW_ENFORCEMENT', breakGlass: false });
    expect(policeRead.fields.sort()).toEqual(['dateOfBirth', 'fullName', 'narrative', 'phone']);
    expect(policeRead.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(log)).not.toContain('Aysel');

    // No personal data in any audit, timeline or task row.
    const leaks: { n: number }[] = await api.db.dataSource.query(
      `SELECT (SELECT count(*) FROM audit_events a WHERE row_to_json(a)::text ILIKE '%aysel%')
            + (SELECT count(*) FROM timeline_entries t WHERE row_to_json(t)::text ILIKE '%aysel%')
            + (SELECT count(*) FROM tasks k WHERE row_to_json(k)::text ILIKE '%aysel%') AS n`,
    );
    expect(Number(leaks[0]!.n)).toBe(0);
  });
});
