import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { TASK_TYPE_VALUES as WEBHOOK_TASK_TYPE_VALUES } from './1797000000000-WebhookFailureTasks';

/** Task types from this migration on: a safety-plan item is a task in the responsible organisation's inbox; its review date one in the owner's. */
export const TASK_TYPE_VALUES = [...WEBHOOK_TASK_TYPE_VALUES, 'SAFETY_PLAN_ACTION', 'SAFETY_PLAN_REVIEW'] as const;
/** SafetyPlanAction and SafetyPlanItemStatus values (libs/domain safety-plan.ts), frozen here. */
export const SAFETY_PLAN_ACTION_VALUES = [
  'SAFE_ACCOMMODATION',
  'POLICE_WELFARE_CHECK',
  'LEGAL_ADVICE',
  'HEALTH_CARE',
  'COUNSELLING',
  'CHILD_SAFETY',
  'EMERGENCY_PLAN',
  'FINANCIAL_SUPPORT',
] as const;
export const SAFETY_PLAN_ITEM_STATUS_VALUES = ['OPEN', 'DONE', 'CANCELLED'] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * Safety plans (issue 16): one row per item of a case's plan. The action is a code; the optional free text is personal
 * data of the strictest category and stored only encrypted (`note_enc`, AES-256-GCM bound to the row id), read only
 * by the owning organisation. `version` is the optimistic lock of updateSafetyPlanItem.
 */
export class SafetyPlans1797200000000 implements MigrationInterface {
  name = 'SafetyPlans1797200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE safety_plan_items (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT fk_safety_plan_items_case REFERENCES cases (id),
        organisation_id uuid NOT NULL CONSTRAINT fk_safety_plan_items_organisation REFERENCES organisations (id),
        responsible_organisation_id uuid NOT NULL
          CONSTRAINT fk_safety_plan_items_responsible_organisation REFERENCES organisations (id),
        action text NOT NULL CONSTRAINT ck_safety_plan_items_action CHECK (action IN (${list(SAFETY_PLAN_ACTION_VALUES)})),
        note_enc bytea,
        status text NOT NULL DEFAULT 'OPEN'
          CONSTRAINT ck_safety_plan_items_status CHECK (status IN (${list(SAFETY_PLAN_ITEM_STATUS_VALUES)})),
        due_at timestamptz NOT NULL,
        review_at timestamptz NOT NULL,
        created_by uuid NOT NULL CONSTRAINT fk_safety_plan_items_created_by REFERENCES staff_members (id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX ix_safety_plan_items_case ON safety_plan_items (case_id, created_at, id)`);
    await q.query(`CREATE INDEX ix_safety_plan_items_responsible ON safety_plan_items (responsible_organisation_id, status)`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT ck_tasks_type`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT ck_tasks_type CHECK (type IN (${list(TASK_TYPE_VALUES)}))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tasks WHERE type IN ('SAFETY_PLAN_ACTION', 'SAFETY_PLAN_REVIEW')`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT ck_tasks_type`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT ck_tasks_type CHECK (type IN (${list(WEBHOOK_TASK_TYPE_VALUES)}))`);
    await q.query(`DROP TABLE safety_plan_items`);
  }
}
