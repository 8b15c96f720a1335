import { OptimisticLockVersionMismatchError } from 'typeorm';
import { CaseCategory, CaseStatus, RiskLevel } from '@lib/domain';
import { CaseEntity } from '@lib/cases';
import { OrganisationEntity, StaffMemberEntity } from '@lib/organisations';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { revertLastMigration, runMigrations } from './data-source';
import { updateVersioned } from './optimistic';
import { DEMO_ORG_IDS, DEMO_ORGANISATIONS, DEMO_STAFF, DEMO_USER_IDS, seedDemoData } from './seed/demo-seed';

async function publicTables(db: TestDatabase): Promise<string[]> {
  const rows: { table_name: string }[] = await db.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe('persistence (real PostgreSQL)', () => {
  describe('migrations', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('the template has every table, and the migration reverts cleanly and re-applies', async () => {
      expect(await publicTables(db)).toEqual([
        'audit_chain_heads',
        'audit_events',
        'case_assignments',
        'case_notes',
        'cases',
        'consents',
        'contacts',
        'idempotency_records',
        'notification_deliveries',
        'notification_preferences',
        'notification_settings',
        'notifications',
        'organisation_webhooks',
        'organisations',
        'persons',
        'protection_order_breaches',
        'protection_orders',
        'referrals',
        'region_monitoring_groups',
        'risk_assessments',
        'risk_conferences',
        'safety_plan_items',
        'staff_members',
        'tasks',
        'timeline_entries',
        'typeorm_migrations',
        'workflow_starts',
      ]);
      expect(await runMigrations(db.dataSource)).toEqual([]);

      const columns = async (table: string): Promise<string[]> =>
        (
          await db.dataSource.query<{ column_name: string }[]>(
            `SELECT column_name FROM information_schema.columns WHERE table_name = $1`,
            [table],
          )
        ).map((r) => r.column_name);
      const referralColumns = (): Promise<string[]> => columns('referrals');
      const taskColumns = (): Promise<string[]> => columns('tasks');
      const caseColumns = (): Promise<string[]> => columns('cases');

      expect(await columns('case_assignments')).toContain('case_opened_at');
      expect(await revertLastMigration(db.dataSource)).toBe(true); // CaseloadOrder
      expect(await columns('case_assignments')).not.toContain('case_opened_at');

      expect(await columns('workflow_starts')).toContain('revision');
      expect(await revertLastMigration(db.dataSource)).toBe(true); // WorkflowSignalOutbox
      expect(await columns('workflow_starts')).not.toContain('related_id');

      expect(await columns('protection_orders')).toContain('conditions');
      expect(await revertLastMigration(db.dataSource)).toBe(true); // ProtectionOrderConditions
      expect(await columns('protection_orders')).not.toContain('conditions');

      expect(await columns('risk_assessments')).toContain('source');
      expect(await revertLastMigration(db.dataSource)).toBe(true); // InterviewRiskAssessments
      expect(await columns('risk_assessments')).not.toContain('source');

      const principalTriggers = async (): Promise<unknown[]> =>
        db.dataSource.query(`SELECT 1 FROM pg_trigger WHERE tgname LIKE 'tg_%_principals_announce%'`);
      expect(await principalTriggers()).toHaveLength(4);
      expect(await revertLastMigration(db.dataSource)).toBe(true); // PrincipalChangeNotifications
      expect(await principalTriggers()).toHaveLength(0);

      expect(await publicTables(db)).toContain('case_assignments');
      expect(await revertLastMigration(db.dataSource)).toBe(true); // CaseAssignments
      expect(await publicTables(db)).not.toContain('case_assignments');

      expect(await revertLastMigration(db.dataSource)).toBe(true); // SafetyPlans
      expect(await publicTables(db)).not.toContain('safety_plan_items');
      await expect(
        db.dataSource.query(`INSERT INTO tasks (organisation_id, type) VALUES (gen_random_uuid(), 'SAFETY_PLAN_ACTION')`),
      ).rejects.toThrow(/ck_tasks_type/);

      expect(await revertLastMigration(db.dataSource)).toBe(true); // TaskAssignedNotifications
      await expect(
        db.dataSource.query(
          `INSERT INTO notifications (kind, organisation_id, recipient_roles, dedupe_key) VALUES ('TASK_ASSIGNED', gen_random_uuid(), '{}', 'revert-check')`,
        ),
      ).rejects.toThrow(/ck_notifications_kind/);

      expect(await revertLastMigration(db.dataSource)).toBe(true); // WebhookFailureTasks
      await expect(
        db.dataSource.query(`INSERT INTO tasks (organisation_id, type) VALUES (gen_random_uuid(), 'WEBHOOK_FAILED')`),
      ).rejects.toThrow(/ck_tasks_type/);

      expect(await publicTables(db)).toContain('case_notes');
      expect(await revertLastMigration(db.dataSource)).toBe(true); // CaseNotes
      expect(await publicTables(db)).not.toContain('case_notes');

      expect(await revertLastMigration(db.dataSource)).toBe(true); // RiskAssessments
      expect(await publicTables(db)).not.toContain('risk_assessments');
      expect(await publicTables(db)).not.toContain('risk_conferences');
      expect(await publicTables(db)).not.toContain('protection_orders');
      await expect(
        db.dataSource.query(`INSERT INTO tasks (organisation_id, type) VALUES (gen_random_uuid(), 'RISK_CONFERENCE')`),
      ).rejects.toThrow(/ck_tasks_type/);

      expect(await columns('staff_members')).toEqual(expect.arrayContaining(['identity_issuer', 'identity_subject', 'preferred_language']));
      expect(await columns('organisations')).toEqual(expect.arrayContaining(['name_az', 'active', 'accepts_referrals', 'contact_points']));
      expect(await revertLastMigration(db.dataSource)).toBe(true); // OrganisationAdministration
      expect(await columns('staff_members')).not.toContain('identity_subject');
      expect(await columns('organisations')).not.toContain('active');
      expect(await publicTables(db)).not.toContain('region_monitoring_groups');

      expect(await publicTables(db)).toEqual(expect.arrayContaining(['notifications', 'notification_deliveries', 'organisation_webhooks']));
      expect(await revertLastMigration(db.dataSource)).toBe(true); // NotificationOutbox
      for (const table of ['notifications', 'notification_deliveries', 'notification_preferences', 'notification_settings', 'organisation_webhooks']) {
        expect(await publicTables(db)).not.toContain(table);
      }

      expect(await columns('audit_chain_heads')).toEqual(expect.arrayContaining(['signature', 'key_id']));
      expect(await revertLastMigration(db.dataSource)).toBe(true); // AuditHeadSignatures
      expect(await columns('audit_chain_heads')).not.toContain('signature');
      expect(await columns('audit_chain_heads')).not.toContain('key_id');

      expect(await publicTables(db)).toContain('workflow_starts');
      expect(await revertLastMigration(db.dataSource)).toBe(true); // WorkflowStartOutbox
      expect(await publicTables(db)).not.toContain('workflow_starts');

      expect(await columns('audit_chain_heads')).toEqual(expect.arrayContaining(['organisation_id', 'lane']));
      expect(await revertLastMigration(db.dataSource)).toBe(true); // AuditChainLanes
      expect(await columns('audit_chain_heads')).not.toContain('lane');
      expect(await columns('audit_chain_heads')).not.toContain('organisation_id');

      expect(await caseColumns()).toEqual(expect.arrayContaining(['incident_date', 'incident_place_type']));
      expect(await revertLastMigration(db.dataSource)).toBe(true); // CaseIncident
      expect(await caseColumns()).not.toContain('incident_date');
      expect(await caseColumns()).not.toContain('incident_place_type');

      expect(await taskColumns()).toEqual(expect.arrayContaining(['reminded_at', 'reminder_count']));
      expect(await revertLastMigration(db.dataSource)).toBe(true); // TaskReminders
      expect(await taskColumns()).not.toContain('reminded_at');
      expect(await taskColumns()).not.toContain('reminder_count');

      expect(await referralColumns()).toContain('escalate_to');
      expect(await revertLastMigration(db.dataSource)).toBe(true); // PinnedEscalationTargets
      expect(await referralColumns()).not.toContain('escalate_to');
      expect(await publicTables(db)).toContain('referrals');

      expect(await revertLastMigration(db.dataSource)).toBe(true); // InitialSchema
      expect(await publicTables(db)).toEqual(['typeorm_migrations']);
      const functions: unknown[] = await db.dataSource.query(
        `SELECT 1 FROM pg_proc WHERE proname = 'nrm_audit_events_append_only'`,
      );
      expect(functions).toHaveLength(0);

      expect(await runMigrations(db.dataSource)).toEqual([
        'InitialSchema1795320000000',
        'PinnedEscalationTargets1795400000000',
        'TaskReminders1795500000000',
        'CaseIncident1795600000000',
        'AuditChainLanes1795700000000',
        'WorkflowStartOutbox1796000000000',
        'AuditHeadSignatures1796100000000',
        'NotificationOutbox1796150000000',
        'OrganisationAdministration1796200000000',
        'RiskAssessments1796300000000',
        'CaseNotes1796900000000',
        'WebhookFailureTasks1797000000000',
        'TaskAssignedNotifications1797120000000',
        'SafetyPlans1797200000000',
        'CaseAssignments1797300000000',
        'PrincipalChangeNotifications1797400000000',
        'InterviewRiskAssessments1797500000000',
        'ProtectionOrderConditions1797600000000',
        'WorkflowSignalOutbox1797700000000',
        'CaseloadOrder1797900000000',
      ]);
      expect(await publicTables(db)).toContain('audit_events');
    });

    it('rejects enum values outside the domain vocabulary', async () => {
      await expect(
        db.dataSource.query(`INSERT INTO organisations (name, type, region) VALUES ('x', 'NOT_A_TYPE', 'Baku')`),
      ).rejects.toThrow(/ck_organisations_type/);
      await expect(
        db.dataSource.query(`INSERT INTO organisations (name, type, region, services) VALUES ('x', 'NGO', 'Baku', '{LEGAL_AID,NOPE}')`),
      ).rejects.toThrow(/ck_organisations_services/);
    });
  });

  describe('demo seed', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('is idempotent and restores drifted rows', async () => {
      await seedDemoData(db.dataSource);
      await db.dataSource.query(`UPDATE organisations SET name = 'changed' WHERE id = $1`, [DEMO_ORG_IDS.SSA]);
      await seedDemoData(db.dataSource);

      const orgs = await db.dataSource.getRepository(OrganisationEntity).find({ order: { id: 'ASC' } });
      expect(orgs).toHaveLength(DEMO_ORGANISATIONS.length);
      expect(orgs.find((o) => o.id === DEMO_ORG_IDS.SSA)?.name).toBe('Social Services Agency');
      const staff = await db.dataSource.getRepository(StaffMemberEntity).find();
      expect(staff).toHaveLength(DEMO_STAFF.length);
      const manager = staff.find((s) => s.username === 'dost.manager');
      expect(manager?.supervisorId).toBe(DEMO_USER_IDS['dost.supervisor']);
      expect(manager?.organisationId).toBe(DEMO_ORG_IDS.DOST_BAKU);
    });

    it('the seeded template already holds the seed', async () => {
      const seeded = await createTestDatabase({ seeded: true });
      try {
        expect(await seeded.dataSource.getRepository(StaffMemberEntity).count()).toBe(DEMO_STAFF.length);
      } finally {
        await seeded.drop();
      }
    });
  });

  describe('optimistic locking', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ seeded: true });
    });
    afterAll(() => db.drop());

    it('a stale version does not overwrite a newer one', async () => {
      const repo = db.dataSource.getRepository(CaseEntity);
      const created = await repo.save(
        repo.create({
          caseCode: 'NRM-TEST0001',
          owningOrganisationId: DEMO_ORG_IDS.DOST_BAKU,
          caseManagerId: DEMO_USER_IDS['dost.manager'],
          region: 'Baku',
          category: CaseCategory.DOMESTIC_VIOLENCE,
          riskLevel: RiskLevel.HIGH,
          isChild: false,
        }),
      );
      expect(created.version).toBe(1);
      expect(created.status).toBe(CaseStatus.OPEN);

      const first = await repo.findOneByOrFail({ id: created.id });
      const second = await repo.findOneByOrFail({ id: created.id });
      first.riskLevel = RiskLevel.MEDIUM;
      await repo.save(first);
      expect(first.version).toBe(2);

      // The lock-version find fails for the stale reader...
      await expect(
        repo.findOne({ where: { id: created.id }, lock: { mode: 'optimistic', version: second.version } }),
      ).rejects.toBeInstanceOf(OptimisticLockVersionMismatchError);
      // ...and a conditional update on the stale version touches nothing.
      const stale = await repo.update({ id: created.id, version: second.version }, { riskLevel: RiskLevel.LOW });
      expect(stale.affected).toBe(0);
      expect((await repo.findOneByOrFail({ id: created.id })).riskLevel).toBe(RiskLevel.MEDIUM);

      // updateVersioned: succeeds on the current version, CONFLICT on a stale one, NOT_FOUND on a missing row.
      const manager = db.dataSource.manager;
      expect(await updateVersioned(manager, CaseEntity, created.id, 2, { status: CaseStatus.CLOSURE_REQUESTED })).toBe(3);
      const conflict = await updateVersioned(manager, CaseEntity, created.id, 2, { status: CaseStatus.CLOSED }).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(DomainError);
      expect((conflict as DomainError).code).toBe(DomainErrorCode.CONFLICT);
      const missing = await updateVersioned(manager, CaseEntity, '00000000-0000-4000-8000-0000000000ff', 1, { status: CaseStatus.CLOSED }).catch((e: unknown) => e);
      expect((missing as DomainError).code).toBe(DomainErrorCode.NOT_FOUND);
      const row = await repo.findOneByOrFail({ id: created.id });
      expect([row.status, row.version]).toEqual([CaseStatus.CLOSURE_REQUESTED, 3]);
    });
  });
});
