import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The workflow-start outbox: a mutation that needs a workflow (a referral, a case, a DOST intake) records the start
 * here in its own transaction, so a committed change always gets its workflow, also when Temporal was unreachable at
 * the time (libs/temporal WorkflowStartDispatcher starts what is left and deletes the row). Ids only.
 */
export class WorkflowStartOutbox1796000000000 implements MigrationInterface {
  name = 'WorkflowStartOutbox1796000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_starts (
        kind text NOT NULL CONSTRAINT ck_workflow_starts_kind CHECK (kind IN ('REFERRAL', 'CASE', 'DOST_INTAKE')),
        subject_id uuid NOT NULL,
        case_id uuid NOT NULL,
        actor_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0 CONSTRAINT ck_workflow_starts_attempts CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL,
        CONSTRAINT pk_workflow_starts PRIMARY KEY (kind, subject_id)
      )`);
    await q.query(`CREATE INDEX ix_workflow_starts_due ON workflow_starts (next_attempt_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workflow_starts`);
  }
}
