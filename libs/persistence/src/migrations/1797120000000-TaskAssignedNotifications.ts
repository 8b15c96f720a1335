import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { NOTIFICATION_KIND_VALUES as OUTBOX_NOTIFICATION_KIND_VALUES } from './1796150000000-NotificationOutbox';

/** NotificationKind values from this migration on: a task assigned to someone by a supervisor ("assigned to you"). */
export const NOTIFICATION_KIND_VALUES = [...OUTBOX_NOTIFICATION_KIND_VALUES, 'TASK_ASSIGNED'] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** The three CHECK constraints that freeze the notification kinds, replaced to admit TASK_ASSIGNED. */
async function constrainKinds(q: QueryRunner, values: readonly string[]): Promise<void> {
  await q.query(`ALTER TABLE notifications DROP CONSTRAINT ck_notifications_kind`);
  await q.query(`ALTER TABLE notifications ADD CONSTRAINT ck_notifications_kind CHECK (kind IN (${list(values)}))`);
  await q.query(`ALTER TABLE notification_preferences DROP CONSTRAINT ck_notification_preferences_kind`);
  await q.query(
    `ALTER TABLE notification_preferences ADD CONSTRAINT ck_notification_preferences_kind CHECK (kind IN (${list(values)}))`,
  );
  await q.query(`ALTER TABLE organisation_webhooks DROP CONSTRAINT ck_organisation_webhooks_kinds`);
  await q.query(
    `ALTER TABLE organisation_webhooks ADD CONSTRAINT ck_organisation_webhooks_kinds CHECK (kinds <@ ARRAY[${list(values)}]::text[])`,
  );
}

export class TaskAssignedNotifications1797120000000 implements MigrationInterface {
  name = 'TaskAssignedNotifications1797120000000';

  public async up(q: QueryRunner): Promise<void> {
    await constrainKinds(q, NOTIFICATION_KIND_VALUES);
  }

  public async down(q: QueryRunner): Promise<void> {
    // The rows of the removed kind go first (their deliveries with them); webhooks lose it from their filters.
    await q.query(
      `DELETE FROM notification_deliveries WHERE notification_id IN (SELECT id FROM notifications WHERE kind = 'TASK_ASSIGNED')`,
    );
    await q.query(`DELETE FROM notifications WHERE kind = 'TASK_ASSIGNED'`);
    await q.query(`DELETE FROM notification_preferences WHERE kind = 'TASK_ASSIGNED'`);
    await q.query(`UPDATE organisation_webhooks SET kinds = array_remove(kinds, 'TASK_ASSIGNED')`);
    await constrainKinds(q, OUTBOX_NOTIFICATION_KIND_VALUES);
  }
}
