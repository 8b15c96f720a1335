import { CaseStatus, type IntakeStep, ReferralStatus } from '@lib/domain';

/**
 * Authorization subjects are plain objects tagged with `kind`; services build them from entities
 * (ids, organisation ids, region, status only: never personal data).
 */
export interface CaseSubject {
  kind: 'Case';
  id?: string;
  owningOrganisationId: string;
  region: string;
  status?: CaseStatus;
  /** Organisations with an ACTIVE (PENDING, ACCEPTED, ESCALATED) referral of this case. */
  recipientOrganisationIds: readonly string[];
  /** Staff member who requested closure (a supervisor cannot approve their own request). */
  closureRequestedBy?: string | null;
  /** The case's team: its active workers (every organisation) and their supervisors (staff_members.supervisor_id). */
  teamIds: readonly string[];
  /** Organisations with at least one active worker on the case. */
  assignedOrganisationIds: readonly string[];
}

/** The persons of a case: same ownership facts as the case. Field access: see allowedPersonFields. */
export interface PersonSubject {
  kind: 'Person';
  id?: string;
  caseId?: string;
  owningOrganisationId: string;
  region: string;
  recipientOrganisationIds: readonly string[];
  /** As on the case: access inside an organisation follows the case's assignment. */
  teamIds: readonly string[];
  assignedOrganisationIds: readonly string[];
}

export interface ReferralSubject {
  kind: 'Referral';
  id?: string;
  caseId?: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  status: ReferralStatus;
  /** The case's region (monitoring groups see referrals of their region). */
  region: string;
  /** The case's team (CaseSubject.teamIds): inside each party organisation access follows the case's assignment. */
  teamIds: readonly string[];
  /** Organisations with an active worker on the case (CaseSubject.assignedOrganisationIds). */
  assignedOrganisationIds: readonly string[];
}

export interface TaskSubject {
  kind: 'Task';
  id?: string;
  organisationId: string;
  assigneeId: string | null;
  /** The current assignee's supervisor (staff_members.supervisor_id), who sees and works their team's tasks. */
  assigneeSupervisorId?: string | null;
}

/** A request to disclose under a legal basis, awaiting a countersignature. */
export interface LegalOverrideSubject {
  kind: 'LegalOverride';
  id?: string;
  /** The requesting (sending) organisation. */
  organisationId: string;
  requestedBy: string;
}

/** The DOST intake of a case, run by the case's owning DOST centre; `step` for step completions. */
export interface IntakeSubject {
  kind: 'Intake';
  caseId?: string;
  /** The DOST centre that owns the case (and runs its intake). */
  organisationId: string;
  step?: IntakeStep;
}

/** One organisation's audit chain. */
export interface AuditLogSubject {
  kind: 'AuditLog';
  organisationId: string;
}

export interface OrganisationSubject {
  kind: 'Organisation';
  id: string;
}

export interface StaffMemberSubject {
  kind: 'StaffMember';
  id?: string;
  organisationId: string;
}

export type AuthzSubject =
  | CaseSubject
  | PersonSubject
  | ReferralSubject
  | TaskSubject
  | LegalOverrideSubject
  | IntakeSubject
  | AuditLogSubject
  | OrganisationSubject
  | StaffMemberSubject;

export type SubjectKind = AuthzSubject['kind'];

/** Case-level (non-personal) fields; personal data lives only in persons. */
export const CASE_FIELDS = [
  'id',
  'caseCode',
  'owningOrganisationId',
  'caseManagerId',
  'region',
  'category',
  'riskLevel',
  'isChild',
  'status',
  'openedAt',
  'closedAt',
  'incidentDate',
  'incidentPlaceType',
] as const;
export type CaseField = (typeof CASE_FIELDS)[number];

/** What a monitoring officer sees of a case without consent: status, category, risk, region, dates. */
export const DE_IDENTIFIED_CASE_FIELDS: readonly CaseField[] = [
  'id',
  'region',
  'category',
  'riskLevel',
  'isChild',
  'status',
  'openedAt',
  'closedAt',
];

export const REFERRAL_FIELDS = [
  'id',
  'caseId',
  'fromOrganisationId',
  'toOrganisationId',
  'serviceType',
  'dataProfile',
  'dataCategories',
  'purpose',
  'status',
  'legalBasis',
  'legalJustification',
  'countersignedBy',
  'declineReason',
  'withdrawReason',
  'outcomeNote',
  'responseDueAt',
  'serviceDueAt',
  'respondedAt',
  'completedAt',
  'escalatedAt',
  'createdBy',
  'createdAt',
] as const;
export type ReferralField = (typeof REFERRAL_FIELDS)[number];

/** Referral fields without free text (reasons, notes, justification may hold personal data). */
export const DE_IDENTIFIED_REFERRAL_FIELDS: readonly ReferralField[] = [
  'id',
  'caseId',
  'fromOrganisationId',
  'toOrganisationId',
  'serviceType',
  'dataProfile',
  'status',
  'responseDueAt',
  'serviceDueAt',
  'respondedAt',
  'completedAt',
  'escalatedAt',
  'createdAt',
];
