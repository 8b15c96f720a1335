import { DomainErrorCode, OrganisationType, StaffRole } from '@lib/domain';
import { type StatisticsActor, statisticsScope } from './statistics-scope';

const ORG = '10000000-0000-4000-8000-000000000001';
const OTHER = '10000000-0000-4000-8000-000000000002';
const actor = (organisationType: OrganisationType, roles: StaffRole[], region = 'Baku'): StatisticsActor => ({
  organisationId: ORG,
  organisationType,
  roles,
  region,
});
const refusal = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('statisticsScope', () => {
  it('the coordinator sees national figures, any region and any organisation', () => {
    for (const role of [StaffRole.ADMINISTRATOR, StaffRole.MONITORING_OFFICER]) {
      const coordinator = actor(OrganisationType.COORDINATOR, [role]);
      expect(statisticsScope(coordinator, {})).toEqual({ region: null, organisationId: null });
      expect(statisticsScope(coordinator, { region: 'Ganja', organisationId: OTHER })).toEqual({ region: 'Ganja', organisationId: OTHER });
    }
    expect(refusal(() => statisticsScope(actor(OrganisationType.COORDINATOR, [StaffRole.AUDITOR]), {}))).toBe(DomainErrorCode.FORBIDDEN);
  });

  it('a monitoring officer sees their own region only, split by organisation if asked', () => {
    const officer = actor(OrganisationType.MONITORING_GROUP, [StaffRole.MONITORING_OFFICER]);
    expect(statisticsScope(officer, {})).toEqual({ region: 'Baku', organisationId: null });
    expect(statisticsScope(officer, { region: 'Baku', organisationId: OTHER })).toEqual({ region: 'Baku', organisationId: OTHER });
    expect(refusal(() => statisticsScope(officer, { region: 'Ganja' }))).toBe(DomainErrorCode.FORBIDDEN);
    expect(refusal(() => statisticsScope(actor(OrganisationType.DOST_CENTER, [StaffRole.MONITORING_OFFICER]), {}))).toBe(DomainErrorCode.FORBIDDEN);
  });

  it('a helpline supervisor sees their own helpline only; its operators and other supervisors nothing', () => {
    const supervisor = actor(OrganisationType.HELPLINE, [StaffRole.SUPERVISOR]);
    expect(statisticsScope(supervisor, {})).toEqual({ region: null, organisationId: ORG });
    expect(statisticsScope(supervisor, { region: 'Ganja', organisationId: ORG })).toEqual({ region: 'Ganja', organisationId: ORG });
    expect(refusal(() => statisticsScope(supervisor, { organisationId: OTHER }))).toBe(DomainErrorCode.FORBIDDEN);
    expect(refusal(() => statisticsScope(actor(OrganisationType.HELPLINE, [StaffRole.CASE_MANAGER]), {}))).toBe(DomainErrorCode.FORBIDDEN);
    expect(refusal(() => statisticsScope(actor(OrganisationType.DOST_CENTER, [StaffRole.SUPERVISOR]), {}))).toBe(DomainErrorCode.FORBIDDEN);
  });
});
