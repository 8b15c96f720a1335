/**
 * What a multi-agency risk conference (convened by the region's Monitoring Group when a case rises to HIGH risk)
 * decided. Enum values only: the outcome record holds no free text, so it carries no personal data.
 */
export enum RiskConferenceOutcome {
  /** A multi-agency safety plan was agreed. */
  SAFETY_PLAN_AGREED = 'SAFETY_PLAN_AGREED',
  /** Further referrals were agreed (made by the owning organisation through createReferral). */
  REFERRALS_AGREED = 'REFERRALS_AGREED',
  /** A protection order is to be applied for. */
  PROTECTION_ORDER_TO_BE_SOUGHT = 'PROTECTION_ORDER_TO_BE_SOUGHT',
  /** Risk reviewed: no multi-agency action beyond what is in place. */
  NO_FURTHER_ACTION = 'NO_FURTHER_ACTION',
}
