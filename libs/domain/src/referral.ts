export enum ReferralStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
  /** The recipient did not respond before the response deadline; back to the sender to re-route. */
  EXPIRED = 'EXPIRED',
  /** Accepted but the service deadline passed; escalated, may still be completed or withdrawn. */
  ESCALATED = 'ESCALATED',
}

export enum ServiceType {
  SHELTER_PLACEMENT = 'SHELTER_PLACEMENT',
  INCIDENT_NOTIFICATION = 'INCIDENT_NOTIFICATION',
  ANONYMOUS_INCIDENT_NOTICE = 'ANONYMOUS_INCIDENT_NOTICE',
  LEGAL_AID = 'LEGAL_AID',
  PSYCHOLOGICAL_SUPPORT = 'PSYCHOLOGICAL_SUPPORT',
  HEALTH_CARE = 'HEALTH_CARE',
  CHILD_FAMILY_SUPPORT = 'CHILD_FAMILY_SUPPORT',
  SOCIAL_ASSISTANCE = 'SOCIAL_ASSISTANCE',
  EMPLOYMENT_SUPPORT = 'EMPLOYMENT_SUPPORT',
  EDUCATION_SUPPORT = 'EDUCATION_SUPPORT',
  PROTECTION_ORDER_SUPPORT = 'PROTECTION_ORDER_SUPPORT',
}

/** How much of a case a recipient sees (domain principle 3, minimum necessary). */
export enum DataProfile {
  /** Consented categories, in full. */
  FULL = 'FULL',
  /** Case code and needs only; never address history (SSA, shelters). */
  PSEUDONYMOUS = 'PSEUDONYMOUS',
  /** Status and counts without identity (monitoring groups without consent). */
  DE_IDENTIFIED = 'DE_IDENTIFIED',
  /** Date, place type, incident type and risk level only (police when the adult refuses). */
  ANONYMOUS_INCIDENT = 'ANONYMOUS_INCIDENT',
}
