import { type EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';

/**
 * What the API hands to a workflow after a change it committed (the `workflow_starts` outbox):
 * - starts: a referral (its case workflow starts it as a child), a case, a case's DOST intake, a protection order;
 * - signals about a recorded change: a legal override countersigned, a referral withdrawn by its sender, a consent
 *   withdrawn, a case's risk level changed, a safety plan item added or changed, a protection order issued or
 *   extended, a breach of an order reported.
 */
export const WORKFLOW_START_KINDS = [
  'REFERRAL',
  'CASE',
  'DOST_INTAKE',
  'REFERRAL_COUNTERSIGNED',
  'REFERRAL_WITHDRAWN',
  'CONSENT_WITHDRAWN',
  'RISK_LEVEL_CHANGED',
  'SAFETY_PLAN_ITEM_CHANGED',
  'PROTECTION_ORDER',
  'PROTECTION_ORDER_CHANGED',
  'PROTECTION_ORDER_BREACH',
] as const;
export type WorkflowStartKind = (typeof WORKFLOW_START_KINDS)[number];

/**
 * Kinds whose workflow re-reads its subject from the database when told: a newer change of the same subject while
 * its row is pending bumps the row's revision instead of adding a row, and a delivery that began before it leaves
 * the row for the next one.
 */
const REREAD_KINDS: ReadonlySet<WorkflowStartKind> = new Set(['SAFETY_PLAN_ITEM_CHANGED', 'PROTECTION_ORDER_CHANGED']);

/**
 * One pending start or signal (ids only). `subjectId`: the referral (REFERRAL, REFERRAL_COUNTERSIGNED,
 * REFERRAL_WITHDRAWN), the case (CASE, DOST_INTAKE), the consent, the risk assessment, the safety plan item, the
 * protection order (PROTECTION_ORDER, PROTECTION_ORDER_CHANGED) or the breach (PROTECTION_ORDER_BREACH, whose
 * `relatedId` is the order).
 */
export interface WorkflowStart {
  kind: WorkflowStartKind;
  subjectId: string;
  caseId: string;
  /** Who opened the case / started the intake / withdrew the consent; null otherwise. */
  actorId: string | null;
  relatedId?: string | null;
}

/**
 * The request that committed the row starts the workflow itself right after its commit; the dispatcher only takes
 * rows older than this, so the two do not both start every workflow on the happy path.
 */
export const WORKFLOW_START_GRACE_SECONDS = 3;

/**
 * Records, in the caller's transaction, that `start` must happen: the change and its workflow start (or signal)
 * commit together or not at all. Idempotent per (kind, subject); for a kind that re-reads its subject, a pending row
 * gets a new revision.
 */
export async function enqueueWorkflowStart(manager: EntityManager, start: WorkflowStart): Promise<void> {
  const onConflict = REREAD_KINDS.has(start.kind)
    ? 'DO UPDATE SET revision = workflow_starts.revision + 1'
    : 'DO NOTHING';
  await preparedQuery(
    manager,
    `INSERT INTO workflow_starts (kind, subject_id, case_id, actor_id, related_id, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) ON CONFLICT (kind, subject_id) ${onConflict}`,
    [start.kind, start.subjectId, start.caseId, start.actorId, start.relatedId ?? null, WORKFLOW_START_GRACE_SECONDS],
  );
}
