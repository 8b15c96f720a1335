import type {
  CallerType,
  CaseCategory,
  ChildAgeBand,
  ConsentGrantor,
  ConsentMethod,
  ConsentPurpose,
  ContactChannel,
  DataCategory,
  IncidentPlaceType,
  LegalBasis,
  ContactPointKind,
  NotificationKind,
  OrganisationType,
  RiskLevel,
  ServiceType,
} from '../gql/graphql';

/** The API enums the forms offer, in the order a person reads them. Labels come from the translations. */
export const CALLER_TYPES: readonly CallerType[] = ['WOMAN', 'MAN', 'ANONYMOUS'];
export const CASE_CATEGORIES: readonly CaseCategory[] = [
  'DOMESTIC_VIOLENCE',
  'VIOLENCE',
  'PSYCHOLOGICAL',
  'SOCIAL',
  'SHELTER',
  'LEGAL_AID',
  'DIVORCE_PROBLEMS',
  'LOW_WELFARE',
  'HEALTH_RIGHTS',
  'EDUCATION',
  'CYBER_VIOLENCE',
  'BULLYING',
  'EXPLOITATION',
  'EARLY_MARRIAGE',
  'LEAVING_DANGEROUS_FAMILY',
  'FORCED_BEGGING',
  'LABOUR_EXPLOITATION',
  'SUICIDAL',
  'OTHER',
];
export const CONTACT_CHANNELS: readonly ContactChannel[] = [
  'WALK_IN',
  'LANDLINE',
  'MOBILE',
  'MOBILE_APP',
  'SOCIAL_MEDIA',
  'WEB_CHAT',
  'EMAIL',
];
export const CHILD_AGE_BANDS: readonly ChildAgeBand[] = ['UNDER_11', 'AGE_11_14', 'AGE_15_18'];
export const RISK_LEVELS: readonly RiskLevel[] = ['HIGH', 'MEDIUM', 'LOW'];
export const PLACE_TYPES: readonly IncidentPlaceType[] = [
  'HOME',
  'RELATIVES_HOME',
  'PUBLIC_PLACE',
  'WORKPLACE',
  'SCHOOL',
  'ONLINE',
  'OTHER',
];
export const DATA_CATEGORIES: readonly DataCategory[] = [
  'IDENTITY',
  'CONTACT',
  'INCIDENT_NARRATIVE',
  'HEALTH',
  'CHILDREN',
  'LOCATION',
];
export const PURPOSES: readonly ConsentPurpose[] = [
  'SERVICE_PROVISION',
  'SHELTER_PLACEMENT',
  'PSYCHOSOCIAL_SUPPORT',
  'LEGAL_AID',
  'HEALTH_CARE',
  'LAW_ENFORCEMENT',
  'CHILD_PROTECTION',
  'MONITORING',
];
export const GRANTORS: readonly ConsentGrantor[] = ['SELF', 'LEGAL_REPRESENTATIVE', 'RELATIVE'];
export const METHODS: readonly ConsentMethod[] = ['WRITTEN', 'VERBAL', 'ELECTRONIC'];
export const LEGAL_BASES: readonly LegalBasis[] = ['CHILD_AT_RISK', 'RISK_TO_LIFE', 'STATUTORY_DUTY'];
export const ORGANISATION_TYPES: readonly OrganisationType[] = [
  'SSA',
  'POLICE',
  'SHELTER',
  'DOST_CENTER',
  'HELPLINE',
  'CFSC',
  'NGO',
  'HEALTH',
  'EDUCATION',
  'EMPLOYMENT',
  'MONITORING_GROUP',
  'COORDINATOR',
];
export const SERVICE_TYPES: readonly ServiceType[] = [
  'SHELTER_PLACEMENT',
  'SOCIAL_ASSISTANCE',
  'PSYCHOLOGICAL_SUPPORT',
  'LEGAL_AID',
  'HEALTH_CARE',
  'CHILD_FAMILY_SUPPORT',
  'PROTECTION_ORDER_SUPPORT',
  'INCIDENT_NOTIFICATION',
  'ANONYMOUS_INCIDENT_NOTICE',
  'EDUCATION_SUPPORT',
  'EMPLOYMENT_SUPPORT',
];

/** An organisation's name in the screen's language (Azerbaijani when that one is not recorded). */
export function organisationName(
  org: { name: string; names?: { az: string; en?: string | null; ru?: string | null } | null },
  language: 'az' | 'en' | 'ru',
): string {
  if (!org.names) return org.name;
  return (language === 'az' ? org.names.az : org.names[language]) ?? org.names.az;
}

/** Notification kinds, grouped as a person reads them: new work, deadlines, referral outcomes, case events. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'NEW_REFERRAL',
  'SERVICE_TASK',
  'COUNTERSIGN_REQUESTED',
  'FOLLOW_UP_DUE',
  'INTAKE_STEP',
  'REROUTE_SUGGESTED',
  'MONITORING_ALERT',
  'BREAK_GLASS_REVIEW',
  'DEADLINE_REMINDER',
  'DEADLINE_MISSED',
  'ESCALATION',
  'REFERRAL_ACCEPTED',
  'REFERRAL_DECLINED',
  'REFERRAL_COMPLETED',
  'REFERRAL_WITHDRAWN',
  'CONSENT_WITHDRAWN',
  'CLOSURE_REQUESTED',
  'CLOSURE_APPROVED',
  'WEBHOOK_DISABLED',
  'TASK_ASSIGNED',
  'CASE_ASSIGNED',
];
export const CONTACT_POINT_KINDS: readonly ContactPointKind[] = ['PHONE', 'EMAIL', 'WEBSITE', 'ADDRESS'];
