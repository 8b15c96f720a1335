/** Categories of personal data a consent (or a legal basis) can cover. */
export enum DataCategory {
  IDENTITY = 'IDENTITY',
  CONTACT = 'CONTACT',
  INCIDENT_NARRATIVE = 'INCIDENT_NARRATIVE',
  HEALTH = 'HEALTH',
  CHILDREN = 'CHILDREN',
  LOCATION = 'LOCATION',
}

/** Why data is shared. A consent names the purposes it allows. */
export enum ConsentPurpose {
  SERVICE_PROVISION = 'SERVICE_PROVISION',
  SHELTER_PLACEMENT = 'SHELTER_PLACEMENT',
  LAW_ENFORCEMENT = 'LAW_ENFORCEMENT',
  LEGAL_AID = 'LEGAL_AID',
  HEALTH_CARE = 'HEALTH_CARE',
  PSYCHOSOCIAL_SUPPORT = 'PSYCHOSOCIAL_SUPPORT',
  CHILD_PROTECTION = 'CHILD_PROTECTION',
  MONITORING = 'MONITORING',
}

export enum ConsentMethod {
  VERBAL = 'VERBAL',
  WRITTEN = 'WRITTEN',
  ELECTRONIC = 'ELECTRONIC',
}

/** Who gave the consent (seed 004: the person, a relative, a legal representative, ...). */
export enum ConsentGrantor {
  SELF = 'SELF',
  RELATIVE = 'RELATIVE',
  LEGAL_REPRESENTATIVE = 'LEGAL_REPRESENTATIVE',
}

/** The only grounds on which data may be shared without consent (domain principle 2). */
export enum LegalBasis {
  CHILD_AT_RISK = 'CHILD_AT_RISK',
  RISK_TO_LIFE = 'RISK_TO_LIFE',
  STATUTORY_DUTY = 'STATUTORY_DUTY',
}
