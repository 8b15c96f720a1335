import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { TASK_TYPE_VALUES as RISK_TASK_TYPE_VALUES } from './1796300000000-RiskAssessments';

/** Task types from this migration on: a webhook disabled after repeated failures is a task for its administrators. */
export const TASK_TYPE_VALUES = [...RISK_TASK_TYPE_VALUES, 'WEBHOOK_FAILED'] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

export class WebhookFailureTasks1797000000000 implements MigrationInterface {
  name = 'WebhookFailureTasks1797000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT ck_tasks_type`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT ck_tasks_type CHECK (type IN (${list(TASK_TYPE_VALUES)}))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tasks WHERE type = 'WEBHOOK_FAILED'`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT ck_tasks_type`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT ck_tasks_type CHECK (type IN (${list(RISK_TASK_TYPE_VALUES)}))`);
  }
}
