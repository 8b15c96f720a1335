import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  type AcceptReferralArgs,
  type ApproveClosureArgs,
  type CaseWorkflowState,
  type ClosureResult,
  type CompleteIntakeStepArgs,
  type CompleteReferralArgs,
  type ConsentWithdrawnSignal,
  type CountersignArgs,
  type DeclineReferralArgs,
  type IntakeUpdateResult,
  type IntakeWorkflowState,
  type PoliceNotificationArgs,
  type ReferralCreatedSignal,
  type ReferralSettledSignal,
  type ReferralTransitionResult,
  type ReferralWithdrawnSignal,
  type ReferralWorkflowState,
  type ProtectionOrderBreachSignal,
  type ProtectionOrderWorkflowState,
  type SafetyPlanReviewWorkflowState,
  type RequestClosureArgs,
  type StartProtectionOrderArgs,
  type StartProtectionOrderResult,
  type RiskLevelChangedSignal,
  type StartReferralResult,
  type StartIntakeArgs,
  type StartIntakeResult,
} from './payloads';

/*
 * Signal, update and query definitions, shared by workflows (handlers) and the client facade (callers).
 * `defineX` only builds a name + type carrier; it is safe to import outside a workflow.
 */

// ---- referral workflow
export const acceptReferralUpdate = defineUpdate<ReferralTransitionResult, [AcceptReferralArgs]>('acceptReferral');
export const declineReferralUpdate = defineUpdate<ReferralTransitionResult, [DeclineReferralArgs]>('declineReferral');
export const completeReferralUpdate = defineUpdate<ReferralTransitionResult, [CompleteReferralArgs]>('completeReferral');
export const referralWithdrawnSignal = defineSignal<[ReferralWithdrawnSignal]>('referralWithdrawn');
/** The API recorded the supervisor's countersignature of a legal-override referral: disclose now. */
export const referralCountersignedSignal = defineSignal('referralCountersigned');
export const referralStateQuery = defineQuery<ReferralWorkflowState>('referralState');

// ---- case workflow
export const referralCreatedSignal = defineSignal<[ReferralCreatedSignal]>('referralCreated');
export const startReferralUpdate = defineUpdate<StartReferralResult, [ReferralCreatedSignal]>('startReferral');
export const consentWithdrawnSignal = defineSignal<[ConsentWithdrawnSignal]>('consentWithdrawn');
export const referralSettledSignal = defineSignal<[ReferralSettledSignal]>('referralSettled');
export const requestClosureUpdate = defineUpdate<ClosureResult, [RequestClosureArgs]>('requestClosure');
export const approveClosureUpdate = defineUpdate<ClosureResult, [ApproveClosureArgs]>('approveClosure');
/** Starts the DOST intake child `dost-intake-<caseId>` (idempotent: once per case). */
export const startIntakeUpdate = defineUpdate<StartIntakeResult, [StartIntakeArgs]>('startIntake');
/** A risk assessment changed the case's level: re-plan follow-ups, and on a rise to HIGH ask for a risk conference. */
export const riskLevelChangedSignal = defineSignal<[RiskLevelChangedSignal]>('riskLevelChanged');
export const caseStateQuery = defineQuery<CaseWorkflowState>('caseState');

// ---- DOST intake workflow
export const completeIntakeStepUpdate = defineUpdate<IntakeUpdateResult, [CompleteIntakeStepArgs]>('completeIntakeStep');
export const notifyPoliceUpdate = defineUpdate<IntakeUpdateResult, [PoliceNotificationArgs]>('notifyPolice');
export const countersignLegalOverrideUpdate = defineUpdate<IntakeUpdateResult, [CountersignArgs]>('countersignLegalOverride');
export const intakeStateQuery = defineQuery<IntakeWorkflowState>('intakeState');

// ---- protection orders (issue 16)
/** Starts the order's workflow `protection-order-<orderId>` as a child of the case workflow (idempotent). */
export const startProtectionOrderUpdate = defineUpdate<StartProtectionOrderResult, [StartProtectionOrderArgs]>('startProtectionOrder');
/** The API recorded the issuance or an extension: re-read the order and re-time the alerts. */
export const protectionOrderChangedSignal = defineSignal('protectionOrderChanged');
/** The API recorded a breach report: tasks for the police and the case owner, a reassessment prompt, a monitoring alert. */
export const protectionOrderBreachSignal = defineSignal<[ProtectionOrderBreachSignal]>('protectionOrderBreach');
export const protectionOrderStateQuery = defineQuery<ProtectionOrderWorkflowState>('protectionOrderState');

// ---- safety plans (issue 16)
/** The API added or changed a safety plan item: its review reminder re-reads it (started by signal-with-start). */
export const safetyPlanItemChangedSignal = defineSignal('safetyPlanItemChanged');
export const safetyPlanReviewStateQuery = defineQuery<SafetyPlanReviewWorkflowState>('safetyPlanReviewState');

