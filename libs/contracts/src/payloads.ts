import {
  type DataCategory,
  IntakeStandard,
  IntakeStep,
  type LegalBasis,
  PoliceNotificationMode,
  type ReferralStatus,
  type RiskLevel,
} from '@lib/domain';

/*
 * Workflow inputs, results, signal/update/query arguments. Ids, enum values and ISO instants only: no names,
 * addresses, phone numbers or narratives. The two free-text fields (decline reason, completion outcome) are
 * governed by the UI (chosen from lists, no personal data) and travel only inside encrypted payloads.
 * Instants are ISO-8601 strings so every payload survives JSON unchanged.
 */

// ---------------------------------------------------------------------------------------------- referral workflow

export interface ReferralWorkflowInput {
  referralId: string;
  caseId: string;
}

/** Where the referral workflow is in its life. */
export type ReferralPhase =
  | 'PREPARING'
  | 'AWAITING_RESPONSE'
  | 'IN_SERVICE'
  | 'ESCALATED'
  | 'CLOSED';

export interface ReferralWorkflowState {
  referralId: string;
  caseId: string;
  phase: ReferralPhase;
  status: ReferralStatus;
  /** Row version after the last transition this workflow applied (optimistic lock in PostgreSQL). */
  version: number;
  responseDueAt: string | null;
  serviceDueAt: string | null;
  escalatedAt: string | null;
  /** Deadline-policy version pinned at creation. */
  policyVersion: string | null;
}

export interface ReferralWorkflowResult {
  referralId: string;
  status: ReferralStatus;
}

export interface AcceptReferralArgs {
  actorId: string;
}
export interface DeclineReferralArgs {
  actorId: string;
  reason: string;
}
export interface CompleteReferralArgs {
  actorId: string;
  outcome: string;
}

/** What an accept/decline/complete update returns: the new status and row version in PostgreSQL. */
export interface ReferralTransitionResult {
  referralId: string;
  status: ReferralStatus;
  version: number;
}

/** Why a referral was withdrawn by the system (the API's own withdrawals carry staff text). */
export enum WithdrawCause {
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  CONSENT_NOT_IN_FORCE = 'CONSENT_NOT_IN_FORCE',
  CASE_CLOSED = 'CASE_CLOSED',
  /** The sender withdrew it through the API (the API wrote the database). */
  WITHDRAWN_BY_SENDER = 'WITHDRAWN_BY_SENDER',
}

export interface ReferralWithdrawnSignal {
  cause: WithdrawCause;
  /** The database was already updated by the sender of the signal (case workflow's activity). */
  applied: boolean;
  consentId?: string;
}

// ---------------------------------------------------------------------------------------------- case workflow

export interface TrackedReferral {
  referralId: string;
  status: ReferralStatus;
}

/** State a case workflow carries across continue-as-new. */
export interface CaseCarriedState {
  referrals: TrackedReferral[];
  followUpsScheduled: number;
  /** ISO instant of the next follow-up, or null when not yet computed. */
  nextFollowUpAt: string | null;
  closureRequestedBy: string | null;
  intakeStarted: boolean;
  /** Signals handled before continue-as-new, to ignore re-deliveries (by dedupe id). */
  handledConsentWithdrawals: string[];
  generation: number;
  /**
   * Follow-ups re-planned after a risk-level change: follow-up `firstSeq` was due `first` after `from` (the
   * assessment's time) at the new level, the next ones every interval after it. Absent: planned from the case's opening.
   */
  followUpPlan?: FollowUpPlan | null;
  /** Risk assessments whose level change this workflow handled (re-delivered signals are ignored), the latest 50. */
  handledRiskAssessments?: string[];
}

export interface FollowUpPlan {
  /** ISO instant the plan counts from. */
  from: string;
  firstSeq: number;
}

export interface CaseWorkflowInput {
  caseId: string;
  /** Start the DOST intake child (when the owning organisation is a DOST centre). */
  startIntake?: boolean;
  /** Staff member who opened the case (intake tasks' requester). */
  openedBy?: string;
  /** Continue as new after this many history events (default CASE_HISTORY_EVENT_LIMIT; tests lower it). */
  historyEventLimit?: number;
  /** Present after continue-as-new. */
  carried?: CaseCarriedState;
}

export type CasePhase = 'OPEN' | 'CLOSURE_REQUESTED' | 'CLOSED';

export interface CaseWorkflowState {
  caseId: string;
  phase: CasePhase;
  riskLevel: RiskLevel | null;
  referrals: TrackedReferral[];
  followUpsScheduled: number;
  nextFollowUpAt: string | null;
  generation: number;
}

export interface CaseWorkflowResult {
  caseId: string;
  phase: CasePhase;
}

export interface ReferralCreatedSignal {
  referralId: string;
}
export interface ConsentWithdrawnSignal {
  consentId: string;
  actorId: string;
}
/** A risk assessment changed the case's risk level (ids only: the activity re-reads the assessment). */
export interface RiskLevelChangedSignal {
  assessmentId: string;
}
export interface ReferralSettledSignal {
  referralId: string;
  status: ReferralStatus;
}
export interface RequestClosureArgs {
  actorId: string;
}
export interface ApproveClosureArgs {
  actorId: string;
}
export interface ClosureResult {
  caseId: string;
  phase: CasePhase;
}
export interface StartReferralResult {
  referralId: string;
  workflowId: string;
}

// ---------------------------------------------------------------------------------------------- DOST intake

/*
 * DOST service card 09-03-00-00 (seed 004): the step, standard and police-notification enums are domain vocabulary
 * (the API validates and authorizes with them); re-exported here for the workflow payloads.
 */
export { IntakeStandard, IntakeStep, PoliceNotificationMode };

export interface IntakeWorkflowInput {
  caseId: string;
  /** The DOST centre doing the intake. */
  organisationId: string;
  /** Staff member who started it. */
  startedBy: string;
}

export interface NeedsAssessment {
  riskLevel: RiskLevel;
  needsShelter: boolean;
}

export interface CompleteIntakeStepArgs {
  step: IntakeStep;
  actorId: string;
  /** Required when completing INTERVIEW (lawyer + psychologist interview and needs/risk assessment). */
  assessment?: NeedsAssessment;
}

export interface PoliceNotificationArgs {
  actorId: string;
  mode: PoliceNotificationMode;
  legalBasis?: LegalBasis;
  /** Required for LEGAL_OVERRIDE (>= 20 characters, no personal data). */
  justification?: string;
  dataCategories?: DataCategory[];
}

export interface CountersignArgs {
  actorId: string;
}

export type IntakePhase = IntakeStep | 'AWAITING_COUNTERSIGN' | 'DONE';

export interface IntakeStepRecord {
  step: IntakeStep;
  openedAt: string;
  dueAt: string;
  completedAt: string | null;
  completedBy: string | null;
}

export interface IntakeWorkflowState {
  caseId: string;
  phase: IntakePhase;
  steps: IntakeStepRecord[];
  escalations: { standard: IntakeStandard; step: IntakeStep | null; at: string }[];
  assessment: NeedsAssessment | null;
  policeMode: PoliceNotificationMode | null;
  policeReferralId: string | null;
  ssaReferralId: string | null;
  ssaSkippedReason: string | null;
}

export interface IntakeWorkflowResult {
  caseId: string;
  policeReferralId: string | null;
  ssaReferralId: string | null;
  escalations: number;
}

export interface IntakeUpdateResult {
  phase: IntakePhase;
}

/** Case workflow update: start the DOST intake child once (the API authorized the staff member and recorded it). */
export interface StartIntakeArgs {
  actorId: string;
}
export interface StartIntakeResult {
  caseId: string;
  /** `dost-intake-<caseId>`. */
  workflowId: string;
  /** False when the intake had already been started (by this update earlier or by the case workflow's input). */
  started: boolean;
}

// ---- protection orders (issue 16)

export interface ProtectionOrderWorkflowInput {
  orderId: string;
  caseId: string;
}

/** What the order's workflow times itself by, re-read from PostgreSQL (ids, statuses and instants only). */
export interface ProtectionOrderFacts {
  orderId: string;
  caseId: string;
  kind: 'SHORT_TERM' | 'LONG_TERM';
  status: 'APPLIED' | 'ISSUED' | 'EXPIRED';
  /** ISO: a short-term order's issuance must be recorded by then (24 h after the application); null for a court order. */
  issueDueAt: string | null;
  expiresAt: string | null;
  /** ISO: when to alert the case owner and the police before expiry. */
  alertAt: string | null;
}

export interface ProtectionOrderWorkflowState {
  orderId: string;
  status: ProtectionOrderFacts['status'];
  issuanceEscalated: boolean;
  /** The expiry the last expiry alert was for (an extension makes a new alert due). */
  alertedForExpiry: string | null;
  breachesHandled: number;
}

export interface ProtectionOrderWorkflowResult {
  orderId: string;
  status: ProtectionOrderFacts['status'];
}

export interface StartProtectionOrderArgs {
  orderId: string;
}
export interface StartProtectionOrderResult {
  orderId: string;
  workflowId: string;
}
export interface ProtectionOrderBreachSignal {
  breachId: string;
}

export interface ProtectionOrderBreachTasks {
  policeTaskIds: string[];
  ownerTaskId: string;
  reassessmentTaskId: string;
  monitoringTaskId: string | null;
}

// ---- safety plans (issue 16)
export interface SafetyPlanReviewWorkflowInput {
  itemId: string;
}

/** What an item's review reminder times itself by, re-read from PostgreSQL (ids, status and an instant only). */
export interface SafetyPlanItemFacts {
  itemId: string;
  caseId: string;
  status: 'OPEN' | 'DONE' | 'CANCELLED';
  /** ISO: when the item is to be reviewed. */
  reviewAt: string;
}

export interface SafetyPlanReviewWorkflowState {
  itemId: string;
  /** null until the workflow has read the item (its first activity). */
  status: SafetyPlanItemFacts['status'] | null;
  /** The review instant the last reminder was for (a new review date makes a new reminder due). */
  remindedFor: string | null;
}

