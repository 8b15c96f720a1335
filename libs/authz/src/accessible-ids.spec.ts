import { ReferralStatus as RS, StaffRole as R } from '@lib/domain';
import { Action, defineAbilityFor } from './ability';
import { accessibleIds, canAll } from './accessible-ids';
import { ORG, actor, caseOf, referral } from './test/fixtures';

describe('accessibleIds', () => {
  const workers = [actor([R.CASE_MANAGER]).staffId, actor([R.CASE_MANAGER, R.AGENCY_OFFICER]).staffId];
  const assigned = { teamIds: workers, assignedOrganisationIds: [ORG.dost.id] };
  const cases = [
    { ...caseOf('dost', assigned), id: 'a' },
    // the organisation's case nobody of the actors works on: access follows assignment
    { ...caseOf('dost', { teamIds: ['someone-else'], assignedOrganisationIds: [ORG.dost.id] }), id: 'd' },
    { ...caseOf('dost2'), id: 'b' },
    { ...caseOf('dost2', { recipientOrganisationIds: [ORG.dost.id] }), id: 'c' },
    { ...caseOf('dost', assigned), id: 'a' },
  ];

  it('returns only the ids the actor may act on, in order, without duplicates', () => {
    expect(accessibleIds(actor([R.CASE_MANAGER]), Action.Read, cases)).toEqual(['a']);
    expect(accessibleIds(actor([R.CASE_MANAGER, R.AGENCY_OFFICER]), Action.Read, cases)).toEqual(['a', 'c']);
    expect(accessibleIds(actor([R.AUDITOR]), Action.Read, cases)).toEqual([]);
    expect(accessibleIds(actor([R.CASE_MANAGER]), Action.Read, [])).toEqual([]);
  });

  it('accepts a prebuilt ability and a field', () => {
    const ability = defineAbilityFor(actor([R.MONITORING_OFFICER], 'mg'));
    expect(accessibleIds(ability, Action.Read, cases)).toEqual(['a', 'd', 'b', 'c']);
    expect(accessibleIds(ability, Action.Read, cases, 'caseCode')).toEqual([]);
    expect(accessibleIds(ability, Action.Read, cases, 'status')).toEqual(['a', 'd', 'b', 'c']);
  });

  it('filters by action', () => {
    const refs = [
      { ...referral('dost', 'police', RS.PENDING), id: 'p' },
      { ...referral('dost', 'police', RS.ACCEPTED), id: 'q' },
      { ...referral('dost', 'shelter', RS.PENDING), id: 'r' },
    ];
    const officer = actor([R.AGENCY_OFFICER], 'police');
    expect(accessibleIds(officer, Action.Accept, refs)).toEqual(['p']);
    expect(accessibleIds(officer, Action.Complete, refs)).toEqual(['q']);
    expect(accessibleIds(officer, Action.Read, refs)).toEqual(['p', 'q']);
    expect(canAll(officer, Action.Read, refs.slice(0, 2))).toBe(true);
    expect(canAll(officer, Action.Read, refs)).toBe(false);
  });
});
