export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export enum CaseStatus {
  OPEN = 'OPEN',
  CLOSURE_REQUESTED = 'CLOSURE_REQUESTED',
  CLOSED = 'CLOSED',
}

export enum PersonRole {
  SURVIVOR = 'SURVIVOR',
  DEPENDANT = 'DEPENDANT',
}

/** Where a risk assessment came from: the versioned instrument (answers, score) or the DOST interview (a level only). */
export enum RiskAssessmentSource {
  INSTRUMENT = 'INSTRUMENT',
  DOST_INTERVIEW = 'DOST_INTERVIEW',
}
