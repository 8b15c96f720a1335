/**
 * Task queues, workflow types and workflow ids. Workflow ids are derived from database ids only, so the API can
 * address a workflow without asking Temporal, and a second start of the same case/referral is rejected by Temporal.
 */

/** The one task queue of the NRM worker (workflows and activities). */
export const NRM_TASK_QUEUE = 'nrm-referrals';

export const WorkflowType = {
  CASE: 'caseWorkflow',
  REFERRAL: 'referralWorkflow',
  DOST_INTAKE: 'dostIntakeWorkflow',
  PROTECTION_ORDER: 'protectionOrderWorkflow',
  SAFETY_PLAN_REVIEW: 'safetyPlanReviewWorkflow',
} as const;
export type WorkflowType = (typeof WorkflowType)[keyof typeof WorkflowType];

export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

export function referralWorkflowId(referralId: string): string {
  return `referral-${referralId}`;
}

export function intakeWorkflowId(caseId: string): string {
  return `dost-intake-${caseId}`;
}

/** A protection order's workflow, a child of its case's workflow. */
export function protectionOrderWorkflowId(orderId: string): string {
  return `protection-order-${orderId}`;
}

/** The review-date reminder of one safety plan item (issue 16). */
export function safetyPlanReviewWorkflowId(itemId: string): string {
  return `safety-plan-review-${itemId}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const REFERRAL_ID = new RegExp(`^referral-(${UUID})$`, 'i');
const CASE_ID = new RegExp(`^case-(${UUID})$`, 'i');

/** The referral id inside a referral workflow id, or null. */
export function referralIdFromWorkflowId(workflowId: string): string | null {
  return REFERRAL_ID.exec(workflowId)?.[1] ?? null;
}

/** The case id inside a case workflow id, or null. */
export function caseIdFromWorkflowId(workflowId: string): string | null {
  return CASE_ID.exec(workflowId)?.[1] ?? null;
}

/**
 * Idempotency key of an activity's writes: `<workflowId>/<business key>`. The business key names the write
 * (e.g. `open`, `escalate/RESPONSE`, `update/<updateId>`), so a retried attempt, a replayed workflow task or a
 * re-run after continue-as-new hits the same unique row instead of writing a second one.
 */
export function dedupeKey(workflowId: string, businessKey: string): string {
  return `${workflowId}/${businessKey}`;
}
