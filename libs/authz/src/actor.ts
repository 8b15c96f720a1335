import { IntakeStep, OrganisationType, StaffRole } from '@lib/domain';

/**
 * The authenticated staff member as authorization sees them. Built by the API from the database
 * (staff_members + organisations) after the token's `sub` is verified, never from token claims.
 */
export interface Actor {
  staffId: string;
  organisationId: string;
  organisationType: OrganisationType;
  region: string;
  roles: readonly StaffRole[];
}

/** Roles that work on their own organisation's cases (read/update case and persons). */
export const CASE_ROLES: readonly StaffRole[] = [
  StaffRole.INTAKE_OFFICER,
  StaffRole.CASE_MANAGER,
  StaffRole.LAWYER,
  StaffRole.PSYCHOLOGIST,
  StaffRole.SUPERVISOR,
];

/** Roles that open cases, create referrals and record/withdraw consent. */
export const CASE_OPENING_ROLES: readonly StaffRole[] = [StaffRole.INTAKE_OFFICER, StaffRole.CASE_MANAGER];

/** Roles that withdraw their organisation's outgoing referrals. */
export const REFERRAL_SENDER_ROLES: readonly StaffRole[] = [
  StaffRole.INTAKE_OFFICER,
  StaffRole.CASE_MANAGER,
  StaffRole.SUPERVISOR,
];

/** Roles that handle referrals addressed to their organisation (read through, accept, decline, complete). */
export const REFERRAL_RECIPIENT_ROLES: readonly StaffRole[] = [
  StaffRole.AGENCY_OFFICER,
  StaffRole.SUPERVISOR,
];

/** Roles that request closure of an owned case. */
export const CLOSURE_REQUEST_ROLES: readonly StaffRole[] = [StaffRole.CASE_MANAGER, StaffRole.SUPERVISOR];

/** Roles with a task inbox (everyone working cases, referrals or monitoring; not auditors or administrators). */
export const TASK_ROLES: readonly StaffRole[] = [
  ...CASE_ROLES,
  StaffRole.AGENCY_OFFICER,
  StaffRole.MONITORING_OFFICER,
];

/** DOST intake (service card 09-03-00-00), in the actor's own DOST centre only: who starts it (queue ticket). */
export const INTAKE_START_ROLES: readonly StaffRole[] = [StaffRole.INTAKE_OFFICER, StaffRole.CASE_MANAGER];

/**
 * Who completes each intake step: the front office (ticket, desk), the centre's lawyer and psychologist (interview with
 * the needs/risk assessment), the case manager or lawyer (informing the police), the case workers who refer (SSA).
 * The legal-override countersignature is the LegalOverride rule (a supervisor other than the requester).
 */
export const INTAKE_STEP_ROLES: Readonly<Record<IntakeStep, readonly StaffRole[]>> = {
  [IntakeStep.QUEUE_TICKET]: [StaffRole.INTAKE_OFFICER, StaffRole.CASE_MANAGER],
  [IntakeStep.DESK]: [StaffRole.INTAKE_OFFICER, StaffRole.CASE_MANAGER],
  [IntakeStep.INTERVIEW]: [StaffRole.LAWYER, StaffRole.PSYCHOLOGIST],
  [IntakeStep.POLICE_NOTIFICATION]: [StaffRole.CASE_MANAGER, StaffRole.LAWYER],
  [IntakeStep.SSA_APPLICATION]: [StaffRole.INTAKE_OFFICER, StaffRole.CASE_MANAGER],
};

/** Organisation types whose supervisors may break the glass on a case of their region. */
export const BREAK_GLASS_ORGANISATION_TYPES: readonly OrganisationType[] = [
  OrganisationType.DOST_CENTER,
  OrganisationType.HELPLINE,
  OrganisationType.CFSC,
];

/** Recipients of a case that see its protection orders and report breaches (besides the owning organisation). */
export const PROTECTION_ORDER_PARTNER_TYPES: readonly OrganisationType[] = [OrganisationType.POLICE, OrganisationType.HELPLINE];

export function hasAnyRole(actor: Actor, roles: readonly StaffRole[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
