import { type EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';

/** What needs a workflow: a referral (its case workflow starts it as a child), a case, a case's DOST intake. */
export type WorkflowStartKind = 'REFERRAL' | 'CASE' | 'DOST_INTAKE';

/** One pending start (ids only). `subjectId` is the referral id, or the case id for CASE and DOST_INTAKE. */
export interface WorkflowStart {
  kind: WorkflowStartKind;
  subjectId: string;
  caseId: string;
  /** Who opened the case / started the intake (CASE, DOST_INTAKE); null for a referral. */
  actorId: string | null;
}

/**
 * The request that committed the row starts the workflow itself right after its commit; the dispatcher only takes
 * rows older than this, so the two do not both start every workflow on the happy path.
 */
export const WORKFLOW_START_GRACE_SECONDS = 3;

/**
 * Records, in the caller's transaction, that `start` must happen: the change and its workflow start commit together
 * or not at all. Idempotent per (kind, subject).
 */
export async function enqueueWorkflowStart(manager: EntityManager, start: WorkflowStart): Promise<void> {
  await preparedQuery(
    manager,
    `INSERT INTO workflow_starts (kind, subject_id, case_id, actor_id, next_attempt_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) ON CONFLICT (kind, subject_id) DO NOTHING`,
    [start.kind, start.subjectId, start.caseId, start.actorId, WORKFLOW_START_GRACE_SECONDS],
  );
}
