import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A reminder before a referral deadline marks the task it is about (the recipient's response or service task): when
 * the last reminder was sent and how many were, so the inbox can show it.
 */
export class TaskReminders1795500000000 implements MigrationInterface {
  name = 'TaskReminders1795500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tasks
        ADD COLUMN reminded_at timestamptz NULL,
        ADD COLUMN reminder_count integer NOT NULL DEFAULT 0 CONSTRAINT ck_tasks_reminder_count CHECK (reminder_count >= 0),
        ADD CONSTRAINT ck_tasks_reminded CHECK ((reminded_at IS NULL) = (reminder_count = 0))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE tasks DROP CONSTRAINT ck_tasks_reminded, DROP COLUMN reminder_count, DROP COLUMN reminded_at`,
    );
  }
}
