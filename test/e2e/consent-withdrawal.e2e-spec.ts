import { ApiHarness, codeOf } from './support/api-harness';
import { ACCEPT, CASE_WITH_SURVIVOR, INBOX, consentToPolice, openCase, referToPolice } from './support/operations';

const WITHDRAW_CONSENT = `mutation($id: UUID!, $reason: String!) {
  withdrawConsent(consentId: $id, reason: $reason) { consent { id inForce withdrawnAt } withdrawnReferralIds }
}`;
const REFERRAL = `query($id: UUID!) { referral(id: $id) { status withdrawReason version } }`;

describe('consent withdrawal (e2e)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('cuts the recipient off at once and withdraws the referrals that relied on it, in one transaction', async () => {
    const c = await openCase(api);
    const consent = await consentToPolice(api, c.id);
    const pending = await referToPolice(api, c.id);
    const accepted = await referToPolice(api, c.id, ['IDENTITY'], { reReferral: true });
    await api.ok('police.officer', ACCEPT, { input: { referralId: accepted.id, expectedVersion: accepted.version } });

    const seen = await api.gql('police.officer', CASE_WITH_SURVIVOR, { id: c.id });
    expect(seen.data.case.survivor.fullName).toBe('Aysel Mammadova');

    const listed = await api.ok('dost.manager', `query($id: UUID!) { caseConsents(caseId: $id) { id inForce dataCategories } }`, { id: c.id });
    expect(listed.caseConsents).toEqual([{ id: consent.id, inForce: true, dataCategories: ['IDENTITY', 'CONTACT', 'INCIDENT_NARRATIVE'] }]);

    // Changes only: the reads below are audited too (READ events).
    const changes = (): Promise<number> => api.count('audit_events', `right(action, 5) <> '_READ'`);
    const auditBefore = await changes();
    const res = await api.ok('dost.manager', WITHDRAW_CONSENT, { id: consent.id, reason: 'Survivor asked to stop sharing' });
    expect(res.withdrawConsent.consent.inForce).toBe(false);
    expect(res.withdrawConsent.withdrawnReferralIds.sort()).toEqual([pending.id, accepted.id].sort());

    // Immediately: no access at all (no active referral, no consent), existence not revealed.
    const after = await api.gql('police.officer', CASE_WITH_SURVIVOR, { id: c.id });
    expect(codeOf(after)).toBe('NOT_FOUND');
    expect(JSON.stringify(after)).not.toContain('Aysel');

    for (const id of [pending.id, accepted.id]) {
      const r = await api.ok('dost.manager', REFERRAL, { id });
      expect(r.referral.status).toBe('WITHDRAWN');
    }
    // Their tasks are cancelled: nothing left in the police inbox for this case.
    const inbox = await api.ok('police.officer', INBOX, { first: 100 });
    expect(inbox.inbox.edges.filter((e: any) => e.node.caseId === c.id)).toEqual([]);

    // Timeline + audit in the same transaction: consent withdrawn + two referral withdrawals.
    const timeline = await api.ok('dost.manager', `query($id: UUID!) { caseTimeline(caseId: $id) { kind referralId details } }`, { id: c.id });
    const kinds = timeline.caseTimeline.map((e: any) => e.kind);
    expect(kinds.filter((k: string) => k === 'REFERRAL_WITHDRAWN')).toHaveLength(2);
    expect(kinds).toContain('CONSENT_WITHDRAWN');
    expect(timeline.caseTimeline.filter((e: any) => e.kind === 'REFERRAL_WITHDRAWN').every((e: any) => e.details.cause === 'CONSENT_WITHDRAWN')).toBe(true);
    expect(await changes()).toBe(auditBefore + 3);

    const relisted = await api.ok('dost.manager', `query($id: UUID!) { caseConsents(caseId: $id) { id inForce withdrawnAt } }`, { id: c.id });
    expect(relisted.caseConsents[0].inForce).toBe(false);
    expect(relisted.caseConsents[0].withdrawnAt).not.toBeNull();

    // Withdrawing twice is a conflict, and writes nothing.
    const again = await api.gql('dost.manager', WITHDRAW_CONSENT, { id: consent.id, reason: 'again' });
    expect(codeOf(again)).toBe('CONFLICT');
    expect(await changes()).toBe(auditBefore + 3);
  });

  it('keeps referrals that another in-force consent still covers', async () => {
    const c = await openCase(api);
    const first = await consentToPolice(api, c.id, ['IDENTITY']);
    await consentToPolice(api, c.id, ['IDENTITY', 'CONTACT']);
    const referral = await referToPolice(api, c.id, ['IDENTITY']);
    const res = await api.ok('dost.manager', WITHDRAW_CONSENT, { id: first.id, reason: 'Replaced by a wider consent' });
    expect(res.withdrawConsent.withdrawnReferralIds).toEqual([]);
    const r = await api.ok('dost.manager', REFERRAL, { id: referral.id });
    expect(r.referral.status).toBe('PENDING');
    const seen = await api.ok('police.officer', `query($id: UUID!) { case(id: $id) { survivor { fullName } } }`, { id: c.id });
    expect(seen.case.survivor.fullName).toBe('Aysel Mammadova');
  });

  it('only the owning organisation can withdraw a consent; others get NOT_FOUND', async () => {
    const c = await openCase(api);
    const consent = await consentToPolice(api, c.id);
    expect(codeOf(await api.gql('police.officer', WITHDRAW_CONSENT, { id: consent.id, reason: 'x' }))).toBe('NOT_FOUND');
    expect(codeOf(await api.gql('wsl.operator', WITHDRAW_CONSENT, { id: consent.id, reason: 'x' }))).toBe('NOT_FOUND');
  });
});
