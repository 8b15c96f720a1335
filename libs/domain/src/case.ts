export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

/**
 * Where the incident happened, as a type of place only: what an anonymous incident notice may tell the police
 * (with the date, the kind of violence, the risk and the region), never an address.
 */
export enum IncidentPlaceType {
  HOME = 'HOME',
  RELATIVES_HOME = 'RELATIVES_HOME',
  PUBLIC_PLACE = 'PUBLIC_PLACE',
  WORKPLACE = 'WORKPLACE',
  SCHOOL = 'SCHOOL',
  ONLINE = 'ONLINE',
  OTHER = 'OTHER',
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
