import { randomUUID } from 'node:crypto';
import { CaseEntity, TimelineEntryEntity, TimelineKind } from '@lib/cases';
import { CaseCategory, ConsentPurpose, DataCategory, LegalBasis, RiskLevel, DataProfile, ReferralStatus, ServiceType, TaskStatus, TaskType } from '@lib/domain';
import { OrganisationEntity } from '@lib/organisations';
import { ReferralEntity } from '@lib/referrals';
import { TaskEntity } from '@lib/tasks';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { entityColumns, findEntityById, hydrateEntity, insertEntity } from './entity-rows';
import { DEMO_ORG_IDS, DEMO_REGION, DEMO_USER_IDS } from './seed/demo-seed';

/** The plain-SQL entity helpers give exactly what TypeORM's find and save give, on real PostgreSQL. */
describe('entity-rows (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ seeded: true });
  });
  afterAll(() => db.drop());

  async function anyCase(): Promise<CaseEntity> {
    const [c] = await db.dataSource.manager.find(CaseEntity, { take: 1 });
    if (c) return c;
    return db.dataSource.manager.save(
      db.dataSource.manager.create(CaseEntity, {
        caseCode: `T-${randomUUID().slice(0, 8)}`,
        owningOrganisationId: DEMO_ORG_IDS.DOST_BAKU,
        caseManagerId: DEMO_USER_IDS['dost.manager'],
        region: DEMO_REGION,
        category: CaseCategory.DOMESTIC_VIOLENCE,
        riskLevel: RiskLevel.HIGH,
      }),
    );
  }

  it('findEntityById equals findOneBy, types included (arrays, dates, versions); null when absent', async () => {
    const m = db.dataSource.manager;
    const viaOrm = await m.findOneBy(OrganisationEntity, { id: DEMO_ORG_IDS.SSA });
    const viaSql = await findEntityById(m, OrganisationEntity, DEMO_ORG_IDS.SSA);
    expect(viaSql).toBeInstanceOf(OrganisationEntity);
    expect(viaSql).toEqual(viaOrm);
    expect(viaSql!.createdAt).toBeInstanceOf(Date);

    const c = await anyCase();
    expect(await findEntityById(m, CaseEntity, c.id)).toEqual(await m.findOneBy(CaseEntity, { id: c.id }));
    expect(await findEntityById(m, CaseEntity, randomUUID())).toBeNull();
  });

  it('insertEntity stores what save stores (defaults, version 1) and skips a duplicate with onConflictDoNothing', async () => {
    const m = db.dataSource.manager;
    const c = await anyCase();
    const referral = await insertEntity(m, ReferralEntity, {
      caseId: c.id,
      fromOrganisationId: DEMO_ORG_IDS.DOST_BAKU,
      toOrganisationId: DEMO_ORG_IDS.SSA,
      serviceType: ServiceType.SHELTER_PLACEMENT,
      purpose: ConsentPurpose.SHELTER_PLACEMENT,
      dataProfile: DataProfile.PSEUDONYMOUS,
      dataCategories: [DataCategory.HEALTH],
      legalBasis: LegalBasis.RISK_TO_LIFE,
      legalJustification: 'test',
      responseDueAt: new Date('2026-11-23T10:00:00.000Z'),
      createdBy: DEMO_USER_IDS['dost.manager'],
    });
    expect(referral).toBeInstanceOf(ReferralEntity);
    expect(referral).toMatchObject({ status: ReferralStatus.PENDING, version: 1, dataCategories: [DataCategory.HEALTH], consentId: null, countersignedAt: null });
    expect(referral).toEqual(await m.findOneBy(ReferralEntity, { id: referral!.id }));

    const key = `entity-rows-${randomUUID()}`;
    const task = { organisationId: DEMO_ORG_IDS.SSA, type: TaskType.REFERRAL_RESPONSE, status: TaskStatus.OPEN, caseId: c.id, referralId: referral!.id, dedupeKey: key };
    const first = await insertEntity(m, TaskEntity, task, { onConflictDoNothing: true });
    expect(first).toMatchObject({ ...task, reminderCount: 0 });
    expect(await insertEntity(m, TaskEntity, task, { onConflictDoNothing: true })).toBeNull();
    expect(await m.countBy(TaskEntity, { dedupeKey: key })).toBe(1);

    // jsonb goes in as JSON, not as text
    await insertEntity(m, TimelineEntryEntity, { caseId: c.id, organisationId: DEMO_ORG_IDS.DOST_BAKU, actorId: null, kind: TimelineKind.CASE_OPENED, details: { n: 1 }, occurredAt: new Date() });
    const [row] = await m.query<{ t: string }[]>(`SELECT jsonb_typeof(details) AS t FROM timeline_entries WHERE case_id = $1 AND kind = 'CASE_OPENED' ORDER BY occurred_at DESC LIMIT 1`, [c.id]);
    expect(row?.t).toBe('object');
  });

  it('entityColumns + hydrateEntity read joined rows like getRawAndEntities', async () => {
    const m = db.dataSource.manager;
    const [r] = await m.query<Record<string, unknown>[]>(
      `SELECT ${entityColumns(m, ReferralEntity, 'r')}, c.case_code FROM referrals r JOIN cases c ON c.id = r.case_id LIMIT 1`,
    );
    const entity = hydrateEntity(m, ReferralEntity, r!);
    expect(entity).toEqual(await m.findOneBy(ReferralEntity, { id: entity.id }));
  });
});
