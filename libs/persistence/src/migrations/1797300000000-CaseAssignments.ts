import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { NOTIFICATION_KIND_VALUES as PREVIOUS_NOTIFICATION_KIND_VALUES } from './1797120000000-TaskAssignedNotifications';

/** NotificationKind values from this migration on: "a case was assigned to you". */
export const NOTIFICATION_KIND_VALUES = [...PREVIOUS_NOTIFICATION_KIND_VALUES, 'CASE_ASSIGNED'] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

async function notificationKinds(q: QueryRunner, values: readonly string[]): Promise<void> {
  const kinds = list(values);
  await q.query(`ALTER TABLE notifications DROP CONSTRAINT ck_notifications_kind`);
  await q.query(`ALTER TABLE notifications ADD CONSTRAINT ck_notifications_kind CHECK (kind IN (${kinds}))`);
  await q.query(`ALTER TABLE notification_preferences DROP CONSTRAINT ck_notification_preferences_kind`);
  await q.query(`ALTER TABLE notification_preferences ADD CONSTRAINT ck_notification_preferences_kind CHECK (kind IN (${kinds}))`);
  await q.query(`ALTER TABLE organisation_webhooks DROP CONSTRAINT ck_organisation_webhooks_kinds`);
  await q.query(`ALTER TABLE organisation_webhooks ADD CONSTRAINT ck_organisation_webhooks_kinds CHECK (kinds <@ ARRAY[${kinds}]::text[])`);
}

/**
 * Case assignment: the staff members working on a case, per organisation (the owning organisation's workers, and each
 * recipient organisation's worker once it accepts a referral). A row is active while `released_at` is NULL; releasing
 * keeps the row (who worked on the case, and when, stays known). Ids and times only.
 *
 * Existing cases get their case manager (the staff member who opened them) as their first worker, so access that now
 * follows assignment keeps working for them. A new notification kind, CASE_ASSIGNED, tells a staff member they were
 * assigned.
 */
export class CaseAssignments1797300000000 implements MigrationInterface {
  name = 'CaseAssignments1797300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_assignments (
        id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT pk_case_assignments PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT fk_case_assignments_case REFERENCES cases (id),
        organisation_id uuid NOT NULL CONSTRAINT fk_case_assignments_organisation REFERENCES organisations (id),
        staff_id uuid NOT NULL CONSTRAINT fk_case_assignments_staff REFERENCES staff_members (id),
        assigned_by uuid NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        released_by uuid NULL,
        released_at timestamptz NULL,
        CONSTRAINT ck_case_assignments_released CHECK ((released_at IS NULL) = (released_by IS NULL))
      )`);
    // One active assignment per (case, staff member): a retry or a second accept cannot duplicate it.
    await q.query(`CREATE UNIQUE INDEX ux_case_assignments_active ON case_assignments (case_id, staff_id) WHERE released_at IS NULL`);
    // The access checks and caseload lists: "cases where I (or someone I supervise) am an active worker".
    await q.query(`CREATE INDEX ix_case_assignments_staff_active ON case_assignments (staff_id, case_id) WHERE released_at IS NULL`);
    await q.query(`CREATE INDEX ix_case_assignments_case_organisation ON case_assignments (case_id, organisation_id) WHERE released_at IS NULL`);
    await q.query(`
      INSERT INTO case_assignments (case_id, organisation_id, staff_id, assigned_by, assigned_at)
      SELECT c.id, c.owning_organisation_id, c.case_manager_id, c.case_manager_id, c.opened_at
        FROM cases c JOIN staff_members s ON s.id = c.case_manager_id`);
    await notificationKinds(q, NOTIFICATION_KIND_VALUES);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification_deliveries WHERE notification_id IN (SELECT id FROM notifications WHERE kind = 'CASE_ASSIGNED')`);
    await q.query(`DELETE FROM notifications WHERE kind = 'CASE_ASSIGNED'`);
    await q.query(`DELETE FROM notification_preferences WHERE kind = 'CASE_ASSIGNED'`);
    await q.query(`UPDATE organisation_webhooks SET kinds = array_remove(kinds, 'CASE_ASSIGNED')`);
    await notificationKinds(q, PREVIOUS_NOTIFICATION_KIND_VALUES);
    await q.query(`DROP TABLE case_assignments`);
  }
}
