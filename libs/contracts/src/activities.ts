import {
  type DataCategory,
  type LegalBasis,
  type ReferralStatus,
  type RiskLevel,
} from '@lib/domain';
import {
  type ProtectionOrderBreachTasks,
  type ProtectionOrderFacts,
  type SafetyPlanItemFacts,
  type IntakeStandard,
  type IntakeStep,
  type NeedsAssessment,
  type PoliceNotificationMode,
  type WithdrawCause,
} from './payloads';

/*
 * The activity contract. Every activity takes ids, re-reads state from PostgreSQL, and writes with a dedupe key
 * `<workflowId>/<key>` so a retried attempt never writes twice. `at` is the workflow's (deterministic, possibly
 * virtual) time of the event; the activity stores it as the business time of the write.
 */

export interface ActivityContext {
  /** The calling workflow's id; the prefix of every dedupe key. */
  workflowId: string;
  /** ISO instant (workflow time). */
  at: string;
}

export interface CaseFacts {
  caseId: string;
  status: string;
  riskLevel: RiskLevel;
  owningOrganisationId: string;
  openedAt: string;
  isChild: boolean;
}

export interface PinnedDeadlines {
  referralId: string;
  status: ReferralStatus;
  version: number;
  /** Deadline-policy version the referral was timed with (pinned: later policy changes do not apply). */
  policyVersion: string;
  responseDueAt: string;
  /** Reminder instants before the response deadline, ascending. */
  responseReminders: string[];
  /** Service deadline (counted from the referral's creation), or null when the service has no clock. */
  serviceDueAt: string | null;
  /** Reminder instants before the service deadline, ascending. */
  serviceReminders: string[];
}

export type OpenReferralOutcome =
  /** Consent re-checked and in force (or a legal basis / identity-free profile); the recipient's task exists. */
  | { kind: 'OPENED'; taskId: string; status: ReferralStatus; version: number }
  /** Consent no longer covers the disclosure: nothing disclosed, referral withdrawn. */
  | { kind: 'WITHDRAWN'; status: ReferralStatus; version: number }
  /** A legal override not yet countersigned: nothing disclosed; ask again after `referralCountersigned`. */
  | { kind: 'AWAITING_COUNTERSIGN'; status: ReferralStatus; version: number }
  /** The referral had already left PENDING (e.g. withdrawn by the API before the workflow ran). */
  | { kind: 'NOT_PENDING'; status: ReferralStatus; version: number };

export interface OpenedReferral {
  /** Null when the referral was no longer PENDING (nothing pinned, nothing disclosed). */
  deadlines: PinnedDeadlines | null;
  outcome: OpenReferralOutcome;
}

export type ReferralTransitionRequest =
  | { type: 'ACCEPT' }
  | { type: 'DECLINE'; reason: string }
  | { type: 'COMPLETE'; outcome: string };

export interface ApplyReferralTransitionInput extends ActivityContext {
  referralId: string;
  /** Client-supplied update id (dedupe). */
  requestId: string;
  actorId: string;
  transition: ReferralTransitionRequest;
}

export interface AppliedTransition {
  referralId: string;
  status: ReferralStatus;
  version: number;
}

export type DeadlinePhase = 'RESPONSE' | 'SERVICE';

export interface EscalationResult {
  referralId: string;
  status: ReferralStatus;
  version: number;
  /** False when the referral had already moved on (e.g. accepted a moment before the timer). */
  escalated: boolean;
}

export interface WithdrawnReferrals {
  /** Withdrawn by this activity. */
  referralIds: string[];
  /** Given tracked referrals the database already shows as no longer active (withdrawn/closed elsewhere). */
  alreadyInactive?: string[];
}

export interface IntakeReferralInput extends ActivityContext {
  caseId: string;
  organisationId: string;
  actorId: string;
  kind: 'POLICE' | 'SSA';
  mode: PoliceNotificationMode | 'CONSENT';
  legalBasis?: LegalBasis;
  justification?: string;
  dataCategories?: DataCategory[];
  countersignedBy?: string;
  countersignedAt?: string;
}

export interface IntakeStandards {
  policyVersion: string;
  /** Front office (queue ticket and desk): 1 hour by default. */
  frontOfficeDueAt: string;
  /** Whole service: 1 day by default (the policy's unit, e.g. working days). */
  wholeServiceDueAt: string;
  /** DOST operator standard per step (60 minutes by default), milliseconds from the step's opening. */
  operatorMs: number;
}

export type IntakeReferralOutcome =
  | { kind: 'CREATED'; referralId: string }
  | { kind: 'NO_CONSENT'; missing: DataCategory[] }
  | { kind: 'NO_RECIPIENT' };

/** A DOST intake step done by `actorId` (with the needs/risk assessment when the step records one). */
export type CompleteIntakeStepInput = ActivityContext & {
  caseId: string;
  organisationId: string;
  step: IntakeStep;
  actorId: string;
  assessment?: NeedsAssessment;
};

export interface CompleteIntakeStepResult {
  /** The DOST_INTERVIEW risk assessment written because the interview changed the case's level (null: unchanged). */
  riskAssessmentId: string | null;
}

/** A DOST service standard missed, for one step or (step null) the whole service. */
export type EscalateIntakeStandardInput = ActivityContext & {
  caseId: string;
  organisationId: string;
  standard: IntakeStandard;
  step: IntakeStep | null;
};

/** What a risk-level change did (applyRiskLevelChange). */
export interface RiskLevelChangeResult {
  /** The case's risk level now. */
  level: RiskLevel;
  /** The follow-up re-planned at that level (null: the case is not OPEN, nothing planned). */
  followUp: { taskId: string; seq: number; dueAt: string; planFrom: string } | null;
  /** The RISK_CONFERENCE task opened for the region's monitoring group on a rise to HIGH (null: none). */
  conferenceTaskId: string | null;
}

export interface ReferralProcessActivities {
  // ---- case
  loadCaseFacts(input: { caseId: string }): Promise<CaseFacts>;
  /** Creates follow-up number `seq` (1-based) due on the policy's schedule for the case's risk level. */
  scheduleFollowUp(
    input: ActivityContext & { caseId: string; seq: number; planFrom?: string; planFirstSeq?: number },
  ): Promise<{ taskId: string; dueAt: string }>;
  /**
   * A risk assessment changed the case's level: cancels the open follow-up and plans follow-up `seq` on the schedule of
   * the case's level counted from the assessment; on a rise to HIGH opens the region monitoring group's
   * RISK_CONFERENCE task (and its risk_conferences row). Once per assessment.
   */
  applyRiskLevelChange(
    input: ActivityContext & { caseId: string; assessmentId: string; seq: number },
  ): Promise<RiskLevelChangeResult>;
  withdrawReferralsForConsent(
    input: ActivityContext & { caseId: string; consentId: string; actorId: string; trackedReferralIds?: string[] },
  ): Promise<WithdrawnReferrals>;
  requestCaseClosure(input: ActivityContext & { caseId: string; actorId: string }): Promise<{ taskId: string }>;
  /**
   * Checks the approver (a supervisor of the owning organisation, not the requester) and that closure was requested,
   * withdraws active referrals, cancels open tasks, closes the case. A case already CLOSED (by the API) is left as is.
   */
  approveCaseClosure(input: ActivityContext & { caseId: string; actorId: string }): Promise<WithdrawnReferrals>;

  // ---- referral
  /**
   * One transaction: pins the deadlines of the policy in force (so later policy changes do not apply), re-checks
   * consent right before disclosure, and puts the REFERRAL_RESPONSE task in the recipient's inbox.
   */
  openReferral(input: ActivityContext & { referralId: string }): Promise<OpenedReferral>;
  applyReferralTransition(input: ApplyReferralTransitionInput): Promise<AppliedTransition>;
  remindReferral(input: ActivityContext & { referralId: string; phase: DeadlinePhase; dueAt: string }): Promise<void>;
  escalateReferral(input: ActivityContext & { referralId: string; phase: DeadlinePhase }): Promise<EscalationResult>;
  withdrawReferral(
    input: ActivityContext & { referralId: string; cause: WithdrawCause },
  ): Promise<AppliedTransition>;

  // ---- DOST intake
  /** The DOST service standards of the policy in force, pinned for this intake (absolute due instants + operator window). */
  pinIntakeStandards(input: ActivityContext & { caseId: string }): Promise<IntakeStandards>;
  openIntakeStep(
    input: ActivityContext & { caseId: string; organisationId: string; step: IntakeStep; dueAt: string },
  ): Promise<{ taskId: string }>;
  /** The interview's level, when it changes the case's, is an assessment: its id goes to the case workflow. */
  completeIntakeStep(input: CompleteIntakeStepInput): Promise<CompleteIntakeStepResult | null>;
  escalateIntakeStandard(input: EscalateIntakeStandardInput): Promise<{ taskId: string }>;
  requestLegalOverrideCountersign(
    input: ActivityContext & { caseId: string; organisationId: string; actorId: string },
  ): Promise<{ taskId: string }>;
  /** Checks the countersigner (a supervisor of the organisation, not the requester). */
  countersignLegalOverride(
    input: ActivityContext & { caseId: string; organisationId: string; requestedBy: string; actorId: string },
  ): Promise<void>;
  createIntakeReferral(input: IntakeReferralInput): Promise<IntakeReferralOutcome>;

  // ---- protection orders
  loadProtectionOrder(input: { orderId: string }): Promise<ProtectionOrderFacts>;
  /** Issuance not recorded in time: an ESCALATION task for the applicant's supervisor (nothing when issued meanwhile). */
  escalateProtectionOrderIssuance(input: ActivityContext & { orderId: string }): Promise<{ taskId: string | null }>;
  /** PROTECTION_ORDER_ALERT tasks for the case owner and each police organisation referred on the case; once per expiry. */
  alertProtectionOrderExpiry(input: ActivityContext & { orderId: string; expiresAt: string }): Promise<{ taskIds: string[] }>;
  /** At once: police and owner alerts, the owner's RISK_REASSESSMENT task, the region monitoring group's alert. */
  handleProtectionOrderBreach(input: ActivityContext & { orderId: string; breachId: string }): Promise<ProtectionOrderBreachTasks>;
  /** Marks the order EXPIRED if its expiry is still `expiresAt` (false when it was extended meanwhile). */
  expireProtectionOrder(input: ActivityContext & { orderId: string; expiresAt: string }): Promise<{ expired: boolean }>;

  // ---- safety plans
  loadSafetyPlanItem(input: { itemId: string }): Promise<SafetyPlanItemFacts>;
  /**
   * A SAFETY_PLAN_REVIEW task for the owning organisation (its case manager), due at the review instant; once per
   * review instant, and nothing when the item is no longer OPEN or its review date has moved meanwhile.
   */
  remindSafetyPlanReview(input: ActivityContext & { itemId: string; reviewAt: string }): Promise<{ taskId: string | null }>;
}

export type ReferralProcessActivityName = keyof ReferralProcessActivities;
