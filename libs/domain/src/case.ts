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
