import { AbilityBuilder, type MongoAbility, type MongoQuery, createMongoAbility } from '@casl/ability';
import {
  ACTIVE_REFERRAL_STATUSES,
  CaseStatus,
  INTAKE_STEP_ORDER,
  OrganisationType,
  ReferralStatus,
  StaffRole,
} from '@lib/domain';
import {
  type Actor,
  BREAK_GLASS_ORGANISATION_TYPES,
  CASE_OPENING_ROLES,
  CASE_ROLES,
  CLOSURE_REQUEST_ROLES,
  INTAKE_START_ROLES,
  INTAKE_STEP_ROLES,
  PROTECTION_ORDER_PARTNER_TYPES,
  REFERRAL_RECIPIENT_ROLES,
  REFERRAL_SENDER_ROLES,
  TASK_ROLES,
  hasAnyRole,
} from './actor';
import {
  type AuthzSubject,
  DE_IDENTIFIED_CASE_FIELDS,
  DE_IDENTIFIED_REFERRAL_FIELDS,
  type SubjectKind,
} from './subjects';

export enum Action {
  Read = 'read',
  Create = 'create',
  Update = 'update',
  Accept = 'accept',
  Decline = 'decline',
  Complete = 'complete',
  Withdraw = 'withdraw',
  RecordConsent = 'recordConsent',
  WithdrawConsent = 'withdrawConsent',
  RequestClosure = 'requestClosure',
  ApproveClosure = 'approveClosure',
  Countersign = 'countersign',
  BreakGlass = 'breakGlass',
  ReadAudit = 'readAudit',
  VerifyAudit = 'verifyAudit',
  /** Start the DOST intake of a case (once per case). */
  StartIntake = 'startIntake',
  /** Complete a DOST intake step (subject carries the step), incl. notifying the police. */
  CompleteIntakeStep = 'completeIntakeStep',
  /** Assess (or reassess) the risk of an open case with the risk instrument. */
  AssessRisk = 'assessRisk',
  /** Apply for a protection order, record its issuance, extend it (the owning organisation). */
  ManageProtectionOrder = 'manageProtectionOrder',
  /** See a case's protection orders and report a breach of one. */
  ReportProtectionOrderBreach = 'reportProtectionOrderBreach',
  /** Add and update the items of an open case's safety plan (the owning organisation). */
  ManageSafetyPlan = 'manageSafetyPlan',
  /** CASL wildcard: every action. */
  Manage = 'manage',
}

export type AppSubjects = AuthzSubject | SubjectKind | 'all';
export type AppAbility = MongoAbility<[Action, AppSubjects]>;

const detectSubjectType = (subject: AuthzSubject): SubjectKind => subject.kind;

/**
 * Everything `actor` may do, as CASL rules over plain subjects. Deny by default: an actor without roles
 * can do nothing. Conditions use only ids, region and status: no rule ever looks at personal data.
 */
export function defineAbilityFor(actor: Actor): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const org = actor.organisationId;
  const active = [...ACTIVE_REFERRAL_STATUSES];
  const cond = (q: Record<string, unknown>): MongoQuery => q;

  // Staff directory is not personal data about survivors; any authenticated staff member may read it
  // (to choose a referral recipient).
  if (actor.roles.length > 0) {
    can(Action.Read, 'Organisation');
  }

  // Owning organisation: access follows assignment (case-assignment.ts ownerReaches). Members holding the SUPERVISOR
  // role reach every case of the organisation; other case roles the cases whose team they are on (an active worker,
  // or the supervisor of one). Others of the organisation: nothing (NOT_FOUND), or break-glass below.
  const supervisor = actor.roles.includes(StaffRole.SUPERVISOR);
  const onTeam: Record<string, unknown> = supervisor ? {} : { teamIds: { $all: [actor.staffId] } };
  const owned = (q: Record<string, unknown> = {}): MongoQuery => cond({ owningOrganisationId: org, ...onTeam, ...q });
  if (hasAnyRole(actor, CASE_ROLES)) {
    can(Action.Read, 'Case', owned());
    can(Action.Update, 'Case', owned({ status: { $ne: CaseStatus.CLOSED } }));
    can(Action.Read, 'Person', owned());
    can(Action.Update, 'Person', owned());
    // The sender's side of a referral follows the case's assignment like the case itself.
    can(Action.Read, 'Referral', cond({ fromOrganisationId: org, ...onTeam }));
    can(Action.Read, 'StaffMember', cond({ organisationId: org }));
    // Any case worker of the owning organisation may (re)assess the risk of an open case, at any time.
    can(Action.AssessRisk, 'Case', owned({ status: { $ne: CaseStatus.CLOSED } }));
    can(Action.ManageProtectionOrder, 'Case', owned({ status: { $ne: CaseStatus.CLOSED } }));
    can(Action.ReportProtectionOrderBreach, 'Case', owned());
    can(Action.ManageSafetyPlan, 'Case', owned({ status: { $ne: CaseStatus.CLOSED } }));
    if (!supervisor) {
      // Outside one's assignment, inside one's organisation: break-glass (justification, audited, review task).
      can(Action.BreakGlass, 'Case', cond({ owningOrganisationId: org, teamIds: { $nin: [actor.staffId] } }));
    }
  }

  if (hasAnyRole(actor, CASE_OPENING_ROLES)) {
    can(Action.Create, 'Case', cond({ owningOrganisationId: org }));
    can(Action.Create, 'Person', cond({ owningOrganisationId: org }));
    can(Action.Create, 'Referral', cond({ fromOrganisationId: org }));
    can(Action.RecordConsent, 'Case', owned({ status: { $ne: CaseStatus.CLOSED } }));
    can(Action.WithdrawConsent, 'Case', owned());
  }

  if (hasAnyRole(actor, REFERRAL_SENDER_ROLES)) {
    can(Action.Withdraw, 'Referral', cond({ fromOrganisationId: org, status: { $in: active }, ...onTeam }));
  }

  if (hasAnyRole(actor, CLOSURE_REQUEST_ROLES)) {
    can(Action.RequestClosure, 'Case', owned({ status: CaseStatus.OPEN }));
  }

  if (actor.roles.includes(StaffRole.SUPERVISOR)) {
    can(
      Action.ApproveClosure,
      'Case',
      cond({ owningOrganisationId: org, status: CaseStatus.CLOSURE_REQUESTED }),
    );
    cannot(Action.ApproveClosure, 'Case', cond({ closureRequestedBy: actor.staffId }));
    can(Action.Countersign, 'LegalOverride', cond({ organisationId: org }));
    cannot(Action.Countersign, 'LegalOverride', cond({ requestedBy: actor.staffId }));
    if (BREAK_GLASS_ORGANISATION_TYPES.includes(actor.organisationType)) {
      // Outside one's own organisation only (own cases need no glass), within the region. The service
      // requires a justification, audits with break_glass = true and opens a review task.
      can(Action.BreakGlass, 'Case', cond({ region: actor.region, owningOrganisationId: { $ne: org } }));
    }
  }

  // Recipient organisation: through an ACTIVE referral only; person fields limited by allowedPersonFields. Access
  // follows assignment there too (case-assignment.ts recipientReaches): while nobody of the organisation is assigned
  // its recipient roles reach the case (to accept the referral); then its team and its SUPERVISOR-role members.
  const received = cond({ recipientOrganisationIds: { $all: [org] } });
  const reachable: MongoQuery[] = supervisor
    ? [received]
    : [
        cond({ ...received, assignedOrganisationIds: { $nin: [org] } }),
        cond({ ...received, teamIds: { $all: [actor.staffId] } }),
      ];
  if (hasAnyRole(actor, REFERRAL_RECIPIENT_ROLES)) {
    for (const reach of reachable) {
      can(Action.Read, 'Case', reach);
      can(Action.Read, 'Person', reach);
    }
    // A PENDING referral is for any recipient-role member to answer; after that the recipient's side follows the
    // case's assignment (the member who accepted it is its worker), as the case does.
    const pendingTo = cond({ toOrganisationId: org, status: ReferralStatus.PENDING });
    const answered = { toOrganisationId: org, status: { $in: [ReferralStatus.ACCEPTED, ReferralStatus.ESCALATED] } };
    can(Action.Read, 'Referral', pendingTo);
    can([Action.Accept, Action.Decline], 'Referral', pendingTo);
    const sideReach: Record<string, unknown>[] = supervisor
      ? [{}]
      : [{ assignedOrganisationIds: { $nin: [org] } }, { teamIds: { $all: [actor.staffId] } }];
    for (const reach of sideReach) {
      can(Action.Read, 'Referral', cond({ toOrganisationId: org, ...reach }));
      can(Action.Complete, 'Referral', cond({ ...answered, ...reach }));
    }
  }

  // Protection orders: the police and helplines a case was referred to see its orders and report breaches.
  if (hasAnyRole(actor, REFERRAL_RECIPIENT_ROLES) && PROTECTION_ORDER_PARTNER_TYPES.includes(actor.organisationType)) {
    for (const reach of reachable) can(Action.ReportProtectionOrderBreach, 'Case', reach);
  }

  // Monitoring: de-identified cases and referrals of the region. Persons only through an active referral to
  // the monitoring group (e.g. high-risk coordination), limited by consent for MONITORING.
  if (
    actor.roles.includes(StaffRole.MONITORING_OFFICER) &&
    actor.organisationType === OrganisationType.MONITORING_GROUP
  ) {
    can(Action.Read, 'Case', [...DE_IDENTIFIED_CASE_FIELDS], cond({ region: actor.region }));
    can(Action.Read, 'Referral', [...DE_IDENTIFIED_REFERRAL_FIELDS], cond({ region: actor.region }));
    can(Action.Read, 'Person', cond({ region: actor.region, recipientOrganisationIds: { $all: [org] } }));
  }

  // DOST intake (service card 09-03-00-00): a DOST centre's own cases only, by step.
  if (actor.organisationType === OrganisationType.DOST_CENTER) {
    if (hasAnyRole(actor, CASE_ROLES)) can(Action.Read, 'Intake', cond({ organisationId: org }));
    if (hasAnyRole(actor, INTAKE_START_ROLES)) can(Action.StartIntake, 'Intake', cond({ organisationId: org }));
    const steps = INTAKE_STEP_ORDER.filter((step) => hasAnyRole(actor, INTAKE_STEP_ROLES[step]));
    if (steps.length > 0) {
      can(Action.CompleteIntakeStep, 'Intake', cond({ organisationId: org, step: { $in: steps } }));
    }
  }

  if (hasAnyRole(actor, TASK_ROLES)) {
    can([Action.Read, Action.Update], 'Task', cond({ organisationId: org, assigneeId: actor.staffId }));
    can([Action.Read, Action.Update], 'Task', cond({ organisationId: org, assigneeId: null }));
    // A team's supervisor by relationship (the assignee's supervisorId), whatever their role: their team's tasks.
    can([Action.Read, Action.Update], 'Task', cond({ organisationId: org, assigneeSupervisorId: actor.staffId }));
  }
  if (actor.roles.includes(StaffRole.SUPERVISOR)) {
    can([Action.Read, Action.Update], 'Task', cond({ organisationId: org }));
  }

  // Auditors: the audit chain and nothing else; the national coordinator's auditors see every chain.
  if (actor.roles.includes(StaffRole.AUDITOR)) {
    const scope =
      actor.organisationType === OrganisationType.COORDINATOR ? undefined : cond({ organisationId: org });
    can([Action.ReadAudit, Action.VerifyAudit], 'AuditLog', scope);
  }

  // Administrators: directory only, never case data. The coordinator's administrators manage every organisation.
  if (actor.roles.includes(StaffRole.ADMINISTRATOR)) {
    if (actor.organisationType === OrganisationType.COORDINATOR) {
      can(Action.Manage, 'Organisation');
      can(Action.Manage, 'StaffMember');
    } else {
      can([Action.Read, Action.Update], 'Organisation', cond({ id: org }));
      can(Action.Manage, 'StaffMember', cond({ organisationId: org }));
    }
  }
  // An organisation's own administrator: its staff members, nothing else (no case data, no other organisation).
  if (actor.roles.includes(StaffRole.ORGANISATION_ADMIN)) {
    can(Action.Read, 'Organisation');
    can(Action.Manage, 'StaffMember', cond({ organisationId: org }));
  }

  return build({ detectSubjectType: detectSubjectType });
}
