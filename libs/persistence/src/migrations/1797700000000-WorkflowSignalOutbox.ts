import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The kinds before this migration: workflow starts only. */
const START_KINDS = ['REFERRAL', 'CASE', 'DOST_INTAKE'] as const;

/** WorkflowStartKind values (libs/persistence workflow-start-outbox.ts), frozen here. */
export const WORKFLOW_OUTBOX_KINDS = [
  ...START_KINDS,
  'REFERRAL_COUNTERSIGNED',
  'REFERRAL_WITHDRAWN',
  'CONSENT_WITHDRAWN',
  'RISK_LEVEL_CHANGED',
  'SAFETY_PLAN_ITEM_CHANGED',
  'PROTECTION_ORDER',
  'PROTECTION_ORDER_CHANGED',
  'PROTECTION_ORDER_BREACH',
] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * The workflow outbox also carries the signals the API sends a workflow after a change it committed (a consent
 * withdrawn, an order issued, a risk level changed...): written in the change's transaction, like a start, so a
 * Temporal outage or a crash between the commit and the signal delays the signal instead of losing it.
 * - `related_id`: a second id a signal needs (the order of a breach).
 * - `revision`: bumped when the same subject changes again while its row is pending, so a delivery that began before
 *   the newer change does not remove the row (the workflow must hear of the newer change too).
 */
export class WorkflowSignalOutbox1797700000000 implements MigrationInterface {
  name = 'WorkflowSignalOutbox1797700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workflow_starts
        DROP CONSTRAINT ck_workflow_starts_kind,
        ADD CONSTRAINT ck_workflow_starts_kind CHECK (kind IN (${list(WORKFLOW_OUTBOX_KINDS)})),
        ADD COLUMN related_id uuid NULL,
        ADD COLUMN revision integer NOT NULL DEFAULT 0 CONSTRAINT ck_workflow_starts_revision CHECK (revision >= 0)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM workflow_starts WHERE kind NOT IN (${list(START_KINDS)})`);
    await q.query(`
      ALTER TABLE workflow_starts
        DROP COLUMN revision,
        DROP COLUMN related_id,
        DROP CONSTRAINT ck_workflow_starts_kind,
        ADD CONSTRAINT ck_workflow_starts_kind CHECK (kind IN (${list(START_KINDS)}))`);
  }
}
