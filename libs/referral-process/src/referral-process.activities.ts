import { type DataSource } from 'typeorm';
import { type ReferralProcessActivities } from '@lib/contracts';
import { ActivityRunner, type ReferralProcessOptions } from './activity-runner';
import { CaseActivities } from './case.activities';
import { DostIntakeActivities } from './dost-intake.activities';
import { IntakeReferralActivities } from './intake-referral.activities';
import { ProtectionOrderActivities } from './protection-order.activities';
import { SafetyPlanActivities } from './safety-plan.activities';
import { ReferralActivities } from './referral.activities';
import { ReferralDeadlineActivities } from './referral-deadline.activities';

type Activities = ReferralProcessActivities;

/** Every activity name, as workflows call them (recorded histories name them too: never rename one). */
const ACTIVITY_NAMES = [
  'loadCaseFacts',
  'scheduleFollowUp',
  'withdrawReferralsForConsent',
  'requestCaseClosure',
  'approveCaseClosure',
  'openReferral',
  'applyReferralTransition',
  'remindReferral',
  'escalateReferral',
  'withdrawReferral',
  'pinIntakeStandards',
  'openIntakeStep',
  'completeIntakeStep',
  'escalateIntakeStandard',
  'requestLegalOverrideCountersign',
  'countersignLegalOverride',
  'createIntakeReferral',
  'applyRiskLevelChange',
  'loadProtectionOrder',
  'escalateProtectionOrderIssuance',
  'alertProtectionOrderExpiry',
  'handleProtectionOrderBreach',
  'expireProtectionOrder',
  'loadSafetyPlanItem',
  'remindSafetyPlanReview',
] as const satisfies readonly (keyof Activities)[];

/**
 * The activities of the referral process: thin, idempotent adapters between workflows and PostgreSQL (see
 * ActivityRunner for the transaction and dedupe discipline they share). This class only routes each activity to the
 * group that implements it.
 */
export class ReferralProcessActivitiesImpl implements Activities {
  private readonly cases: CaseActivities;
  private readonly referrals: ReferralActivities;
  private readonly deadlines: ReferralDeadlineActivities;
  private readonly intake: DostIntakeActivities;
  private readonly intakeReferrals: IntakeReferralActivities;
  private readonly orders: ProtectionOrderActivities;
  private readonly plans: SafetyPlanActivities;

  constructor(dataSource: DataSource, options: ReferralProcessOptions = {}) {
    const run = new ActivityRunner(dataSource, options);
    this.cases = new CaseActivities(run);
    this.referrals = new ReferralActivities(run);
    this.deadlines = new ReferralDeadlineActivities(run);
    this.intake = new DostIntakeActivities(run);
    this.intakeReferrals = new IntakeReferralActivities(run);
    this.orders = new ProtectionOrderActivities(run);
    this.plans = new SafetyPlanActivities(run);
  }

  /** The activity functions, bound, for `Worker.create({ activities })`. */
  asActivities(): Activities {
    const out: Partial<Record<keyof Activities, unknown>> = {};
    for (const name of ACTIVITY_NAMES) out[name] = this[name];
    return out as Activities;
  }

  // ---- case
  loadCaseFacts: Activities['loadCaseFacts'] = (i) => this.cases.loadCaseFacts(i);
  scheduleFollowUp: Activities['scheduleFollowUp'] = (i) => this.cases.scheduleFollowUp(i);
  withdrawReferralsForConsent: Activities['withdrawReferralsForConsent'] = (i) =>
    this.cases.withdrawReferralsForConsent(i);
  requestCaseClosure: Activities['requestCaseClosure'] = (i) => this.cases.requestCaseClosure(i);
  approveCaseClosure: Activities['approveCaseClosure'] = (i) => this.cases.approveCaseClosure(i);
  applyRiskLevelChange: Activities['applyRiskLevelChange'] = (i) => this.cases.applyRiskLevelChange(i);

  // ---- referral
  openReferral: Activities['openReferral'] = (i) => this.referrals.openReferral(i);
  applyReferralTransition: Activities['applyReferralTransition'] = (i) =>
    this.referrals.applyReferralTransition(i);
  withdrawReferral: Activities['withdrawReferral'] = (i) => this.referrals.withdrawReferral(i);
  remindReferral: Activities['remindReferral'] = (i) => this.deadlines.remindReferral(i);
  escalateReferral: Activities['escalateReferral'] = (i) => this.deadlines.escalateReferral(i);

  // ---- DOST intake
  pinIntakeStandards: Activities['pinIntakeStandards'] = (i) => this.intake.pinIntakeStandards(i);
  openIntakeStep: Activities['openIntakeStep'] = (i) => this.intake.openIntakeStep(i);
  completeIntakeStep: Activities['completeIntakeStep'] = (i) => this.intake.completeIntakeStep(i);
  escalateIntakeStandard: Activities['escalateIntakeStandard'] = (i) => this.intake.escalateIntakeStandard(i);
  requestLegalOverrideCountersign: Activities['requestLegalOverrideCountersign'] = (i) =>
    this.intake.requestLegalOverrideCountersign(i);
  countersignLegalOverride: Activities['countersignLegalOverride'] = (i) =>
    this.intake.countersignLegalOverride(i);
  createIntakeReferral: Activities['createIntakeReferral'] = (i) =>
    this.intakeReferrals.createIntakeReferral(i);

  // ---- protection orders
  loadProtectionOrder: Activities['loadProtectionOrder'] = (i) => this.orders.loadProtectionOrder(i);
  escalateProtectionOrderIssuance: Activities['escalateProtectionOrderIssuance'] = (i) => this.orders.escalateProtectionOrderIssuance(i);
  alertProtectionOrderExpiry: Activities['alertProtectionOrderExpiry'] = (i) => this.orders.alertProtectionOrderExpiry(i);
  handleProtectionOrderBreach: Activities['handleProtectionOrderBreach'] = (i) => this.orders.handleProtectionOrderBreach(i);
  expireProtectionOrder: Activities['expireProtectionOrder'] = (i) => this.orders.expireProtectionOrder(i);
  loadSafetyPlanItem: Activities['loadSafetyPlanItem'] = (i) => this.plans.loadSafetyPlanItem(i);
  remindSafetyPlanReview: Activities['remindSafetyPlanReview'] = (i) => this.plans.remindSafetyPlanReview(i);
}
