/** Roles a staff member can hold inside their organisation. A member may hold several. */
export enum StaffRole {
  INTAKE_OFFICER = 'INTAKE_OFFICER',
  CASE_MANAGER = 'CASE_MANAGER',
  LAWYER = 'LAWYER',
  PSYCHOLOGIST = 'PSYCHOLOGIST',
  SUPERVISOR = 'SUPERVISOR',
  AGENCY_OFFICER = 'AGENCY_OFFICER',
  MONITORING_OFFICER = 'MONITORING_OFFICER',
  AUDITOR = 'AUDITOR',
  /** The State Committee's administrators (coordinator only): organisations and every organisation's staff. */
  ADMINISTRATOR = 'ADMINISTRATOR',
  /** An organisation's own administrator: its staff members only (add, roles, supervisor, deactivate). */
  ORGANISATION_ADMIN = 'ORGANISATION_ADMIN',
}

/** The language a staff member works in (labels, notifications). */
export enum PreferredLanguage {
  AZ = 'az',
  EN = 'en',
  RU = 'ru',
}
