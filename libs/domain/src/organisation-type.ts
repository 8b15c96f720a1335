/** Organisation types of the National Referral Mechanism (see docs/domain.md). */
export enum OrganisationType {
  HELPLINE = 'HELPLINE',
  DOST_CENTER = 'DOST_CENTER',
  POLICE = 'POLICE',
  SSA = 'SSA',
  SHELTER = 'SHELTER',
  MONITORING_GROUP = 'MONITORING_GROUP',
  CFSC = 'CFSC',
  NGO = 'NGO',
  HEALTH = 'HEALTH',
  EDUCATION = 'EDUCATION',
  EMPLOYMENT = 'EMPLOYMENT',
  COORDINATOR = 'COORDINATOR',
}
