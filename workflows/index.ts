/** The workflow bundle's entry point (Worker `workflowsPath`). Workflow code only. */
export { caseWorkflow } from './case.workflow';
export { referralWorkflow } from './referral.workflow';
export { dostIntakeWorkflow } from './dost-intake.workflow';
export { auditCheckpointWorkflow } from './audit-checkpoint.workflow';
export { notificationBatchWorkflow } from './notification-batch.workflow';
export { protectionOrderWorkflow } from './protection-order.workflow';
export { safetyPlanReviewWorkflow } from './safety-plan-review.workflow';
