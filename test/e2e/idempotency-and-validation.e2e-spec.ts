import { DEMO_ORG_IDS } from '@lib/persistence';
import { ApiHarness, codeOf } from './support/api-harness';
import { ACCEPT, CREATE_REFERRAL, DECLINE, OPEN_CASE, RECORD_CONSENT, WITHDRAW, consentToPolice, key, openCase, openCaseInput, referToPolice } from './support/operations';

const TABLES = ['cases', 'contacts', 'persons', 'timeline_entries', 'audit_events', 'consents', 'referrals', 'tasks', 'idempotency_records'];

describe('idempotency, validation, conflicts, not-found (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = await api.count(t);
    return out;
  }

  it('an openCase retry with the same key returns the first case and writes nothing new', async () => {
    const input = openCaseInput();
    const first = await api.ok('dost.manager', OPEN_CASE, { input });
    const before = await counts();
    const retry = await api.ok('dost.manager', OPEN_CASE, { input });
    expect(retry.openCase.id).toBe(first.openCase.id);
    expect(await counts()).toEqual(before);
    // Same key, different request: CONFLICT, nothing written.
    const other = await api.gql('dost.manager', OPEN_CASE, { input: { ...input, riskLevel: 'LOW' } });
    expect(codeOf(other)).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });

  it('recordConsent and createReferral retries write nothing new', async () => {
    const c = await openCase(api);
    const consentInput = {
      caseId: c.id,
      grantor: 'SELF',
      recipientOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
      dataCategories: ['IDENTITY'],
      purposes: ['LAW_ENFORCEMENT'],
      method: 'VERBAL',
      idempotencyKey: key('consent'),
    };
    const consent = await api.ok('dost.manager', RECORD_CONSENT, { input: consentInput });
    let before = await counts();
    expect((await api.ok('dost.manager', RECORD_CONSENT, { input: consentInput })).recordConsent.id).toBe(consent.recordConsent.id);
    expect(await counts()).toEqual(before);

    const referralInput = {
      caseId: c.id,
      toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
      serviceType: 'INCIDENT_NOTIFICATION',
      purpose: 'LAW_ENFORCEMENT',
      dataCategories: ['IDENTITY'],
      idempotencyKey: key('ref'),
    };
    const referral = await api.ok('dost.manager', CREATE_REFERRAL, { input: referralInput });
    before = await counts();
    expect((await api.ok('dost.manager', CREATE_REFERRAL, { input: referralInput })).createReferral.id).toBe(referral.createReferral.id);
    expect(await counts()).toEqual(before);
  });

  it('bad input: BAD_USER_INPUT listing every wrong field path, and no partial writes', async () => {
    const before = await counts();
    const res = await api.gql('dost.manager', OPEN_CASE, {
      input: openCaseInput({
        anonymous: true, // anonymous contacts carry no identity...
        survivor: { fullName: 'Someone', phone: 'not-a-phone', dateOfBirth: '2999-01-01' },
        dependants: [{ fullName: 'Kid' }, { dateOfBirth: '2020-02-30' }],
        idempotencyKey: ' ',
      }),
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const paths = (res.errors![0]!.extensions.fields as { path: string }[]).map((f) => f.path).sort();
    expect(paths).toEqual(
      expect.arrayContaining([
        'input.dependants',
        'input.dependants.1.dateOfBirth',
        'input.idempotencyKey',
        'input.survivor.dateOfBirth',
        'input.survivor.fullName',
        'input.survivor.phone',
      ]),
    );
    // The message and field messages never echo the submitted values.
    expect(JSON.stringify(res.errors)).not.toContain('Someone');
    expect(JSON.stringify(res.errors)).not.toContain('not-a-phone');
    expect(await counts()).toEqual(before);

    const c = await openCase(api);
    const refBefore = await counts();
    const badRef = await api.gql('dost.manager', CREATE_REFERRAL, {
      input: { caseId: c.id, toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU, serviceType: 'SHELTER_PLACEMENT', purpose: 'LAW_ENFORCEMENT', dataCategories: [], idempotencyKey: key() },
    });
    expect(codeOf(badRef)).toBe('BAD_USER_INPUT');
    expect(badRef.errors![0]!.extensions.fields[0].path).toBe('input.serviceType');
    expect(await counts()).toEqual(refBefore);
  });

  it('decline needs a reason (field path), and then re-routes to the sender', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id);
    const r = await referToPolice(api, c.id);
    const noReason = await api.gql('police.officer', DECLINE, { input: { referralId: r.id, expectedVersion: r.version, reason: '   ' } });
    expect(codeOf(noReason)).toBe('BAD_USER_INPUT');
    expect(noReason.errors![0]!.extensions.fields).toEqual([{ path: 'input.reason', message: 'must not be empty' }]);
    const declined = await api.ok('police.officer', DECLINE, { input: { referralId: r.id, expectedVersion: r.version, reason: 'Outside our district' } });
    expect(declined.declineReferral.status).toBe('DECLINED');
    const inbox = await api.ok('dost.manager', `{ inbox(first: 50, filter: { type: REROUTE }) { edges { node { referralId caseCode type } } } }`);
    expect(inbox.inbox.edges.map((e: any) => e.node.referralId)).toContain(r.id);
  });

  it('a stale expectedVersion is a CONFLICT and changes nothing', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id);
    const r = await referToPolice(api, c.id);
    await api.ok('police.officer', ACCEPT, { input: { referralId: r.id, expectedVersion: r.version } });
    const before = await counts();
    const stale = await api.gql('dost.manager', WITHDRAW, { input: { referralId: r.id, expectedVersion: r.version, reason: 'No longer needed' } });
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
    const again = await api.gql('police.officer', ACCEPT, { input: { referralId: r.id, expectedVersion: r.version + 1 } });
    expect(codeOf(again)).toBe('CONFLICT'); // already accepted: invalid transition
  });

  it('NOT_FOUND does not reveal existence: unknown ids and invisible records answer the same', async () => {
    const c = await openCase(api);
    const unknown = '99999999-9999-4999-8999-999999999999';
    const invisible = await api.gql('ssa.officer', `query($id: UUID!) { case(id: $id) { id caseCode } }`, { id: c.id });
    const missing = await api.gql('ssa.officer', `query($id: UUID!) { case(id: $id) { id caseCode } }`, { id: unknown });
    expect(codeOf(invisible)).toBe('NOT_FOUND');
    expect(codeOf(missing)).toBe('NOT_FOUND');
    expect(invisible.errors![0]!.message.replace(c.id, 'X')).toBe(missing.errors![0]!.message.replace(unknown, 'X'));
    expect(invisible.data).toEqual(missing.data);
  });

  it('createReferral without consent: FORBIDDEN naming the missing categories, nothing written', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id, ['IDENTITY']);
    const before = await counts();
    const res = await api.gql('dost.manager', CREATE_REFERRAL, {
      input: { caseId: c.id, toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU, serviceType: 'INCIDENT_NOTIFICATION', purpose: 'LAW_ENFORCEMENT', dataCategories: ['IDENTITY', 'CONTACT', 'HEALTH'], idempotencyKey: key() },
    });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0]!.extensions.reason).toBe('CONSENT_REQUIRED');
    expect(res.errors![0]!.extensions.missingCategories).toEqual(['CONTACT', 'HEALTH']);
    expect(await counts()).toEqual(before);
  });

  it('findPossibleDuplicates matches only within the actor’s own organisation', async () => {
    const mine = await openCase(api, 'dost.manager', { survivor: { fullName: 'Leyla Aliyeva', phone: '+994 55 000 11 22' } });
    await openCase(api, 'wsl.operator', { survivor: { fullName: 'Leyla Aliyeva', phone: '+994 55 000 11 22' } });
    const q = `query($n: String, $p: String) { findPossibleDuplicates(fullName: $n, phone: $p) { caseId caseCode matchedOn } }`;
    const dost = await api.ok('dost.manager', q, { n: '  leyla   ALIYEVA ' });
    expect(dost.findPossibleDuplicates.map((d: any) => d.caseId)).toEqual([mine.id]);
    const byPhone = await api.ok('dost.manager', q, { p: '+994550001122' });
    expect(byPhone.findPossibleDuplicates).toEqual([{ caseId: mine.id, caseCode: mine.caseCode, matchedOn: ['PHONE'] }]);
    const wsl = await api.ok('wsl.operator', q, { n: 'Leyla Aliyeva' });
    expect(wsl.findPossibleDuplicates).toHaveLength(1);
    expect(wsl.findPossibleDuplicates[0].caseId).not.toBe(mine.id);
    // An organisation with no matching case learns nothing, not even a count.
    const police = await api.gql('police.officer', q, { n: 'Leyla Aliyeva' });
    expect(codeOf(police)).toBe('FORBIDDEN');
  });
});
