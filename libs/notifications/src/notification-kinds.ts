import { StaffRole, TaskType } from '@lib/domain';

/**
 * What a notification is about. Pure data (no I/O): who hears of it, whether it can be switched off, and how each
 * new inbox task maps to a kind. A notification carries ids, enums and times only, never personal data.
 */
export enum NotificationKind {
  /** A referral to answer arrived in the organisation's inbox (REFERRAL_RESPONSE task). */
  NEW_REFERRAL = 'NEW_REFERRAL',
  /** The accepted referral's service is now this officer's to deliver (REFERRAL_SERVICE task). */
  SERVICE_TASK = 'SERVICE_TASK',
  COUNTERSIGN_REQUESTED = 'COUNTERSIGN_REQUESTED',
  FOLLOW_UP_DUE = 'FOLLOW_UP_DUE',
  ESCALATION = 'ESCALATION',
  MONITORING_ALERT = 'MONITORING_ALERT',
  REROUTE_SUGGESTED = 'REROUTE_SUGGESTED',
  INTAKE_STEP = 'INTAKE_STEP',
  BREAK_GLASS_REVIEW = 'BREAK_GLASS_REVIEW',
  /** Case closure requested (the CLOSURE_APPROVAL task in the supervisors' inbox). */
  CLOSURE_REQUESTED = 'CLOSURE_REQUESTED',
  CLOSURE_APPROVED = 'CLOSURE_APPROVED',
  DEADLINE_REMINDER = 'DEADLINE_REMINDER',
  DEADLINE_MISSED = 'DEADLINE_MISSED',
  REFERRAL_ACCEPTED = 'REFERRAL_ACCEPTED',
  REFERRAL_DECLINED = 'REFERRAL_DECLINED',
  REFERRAL_COMPLETED = 'REFERRAL_COMPLETED',
  REFERRAL_WITHDRAWN = 'REFERRAL_WITHDRAWN',
  /** The survivor withdrew consent: this organisation's referral was withdrawn and its access cut off. */
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  /** An organisation webhook was disabled after repeated delivery failures (to its administrators). */
  WEBHOOK_DISABLED = 'WEBHOOK_DISABLED',
  /** A supervisor assigned a task to this person (never on a self-claim): to the assignee only (PERSONAL_KINDS). */
  TASK_ASSIGNED = 'TASK_ASSIGNED',
  /** A supervisor assigned this staff member as a worker on a case (to that staff member). */
  CASE_ASSIGNED = 'CASE_ASSIGNED',
}

/** The channels a person chooses among. Webhooks belong to the organisation, not to a person. */
export enum NotificationChannel {
  CONSOLE = 'CONSOLE',
  EMAIL = 'EMAIL',
}

export enum NotificationLanguage {
  AZ = 'az',
  EN = 'en',
  RU = 'ru',
}
export const DEFAULT_NOTIFICATION_LANGUAGE = NotificationLanguage.AZ;

const TASK_KIND: Readonly<Record<TaskType, NotificationKind>> = {
  [TaskType.REFERRAL_RESPONSE]: NotificationKind.NEW_REFERRAL,
  [TaskType.REFERRAL_SERVICE]: NotificationKind.SERVICE_TASK,
  [TaskType.LEGAL_OVERRIDE_COUNTERSIGN]: NotificationKind.COUNTERSIGN_REQUESTED,
  [TaskType.CLOSURE_APPROVAL]: NotificationKind.CLOSURE_REQUESTED,
  [TaskType.ESCALATION]: NotificationKind.ESCALATION,
  [TaskType.MONITORING_ALERT]: NotificationKind.MONITORING_ALERT,
  [TaskType.FOLLOW_UP]: NotificationKind.FOLLOW_UP_DUE,
  [TaskType.INTAKE_STEP]: NotificationKind.INTAKE_STEP,
  [TaskType.REROUTE]: NotificationKind.REROUTE_SUGGESTED,
  [TaskType.BREAK_GLASS_REVIEW]: NotificationKind.BREAK_GLASS_REVIEW,
  // The monitoring group's own alert kind: a case in its region needs a multi-agency risk conference.
  [TaskType.RISK_CONFERENCE]: NotificationKind.MONITORING_ALERT,
  // Issuance overdue, expiry near, breach: a deadline-type alert, heard by case managers and agency officers alike.
  [TaskType.PROTECTION_ORDER_ALERT]: NotificationKind.DEADLINE_REMINDER,
  [TaskType.RISK_REASSESSMENT]: NotificationKind.FOLLOW_UP_DUE,
  // Announced by its own mandatory WEBHOOK_DISABLED notification, written with the task.
  [TaskType.WEBHOOK_FAILED]: NotificationKind.WEBHOOK_DISABLED,
  // A safety-plan action with a due date: heard by case managers (own items) and agency officers (another's) alike.
  [TaskType.SAFETY_PLAN_ACTION]: NotificationKind.DEADLINE_REMINDER,
  [TaskType.SAFETY_PLAN_REVIEW]: NotificationKind.FOLLOW_UP_DUE,
};

/** The kind of the notification a new task of this type raises. */
export function kindForTask(type: TaskType): NotificationKind {
  return TASK_KIND[type];
}

const CASE_WORKERS = [
  StaffRole.INTAKE_OFFICER,
  StaffRole.CASE_MANAGER,
  StaffRole.LAWYER,
  StaffRole.PSYCHOLOGIST,
  StaffRole.SUPERVISOR,
];
const SENDERS = [StaffRole.INTAKE_OFFICER, StaffRole.CASE_MANAGER, StaffRole.SUPERVISOR];
const RECIPIENTS = [StaffRole.AGENCY_OFFICER, StaffRole.SUPERVISOR];

/**
 * Who, inside the receiving organisation, hears of each kind: staff holding one of these roles. When a notification
 * names one staff member (a task's assignee, the referral's author), only that person and the supervisors hear of it,
 * which is what the inbox shows them (libs/authz taskScope).
 */
export const RECIPIENT_ROLES: Readonly<Record<NotificationKind, readonly StaffRole[]>> = {
  [NotificationKind.NEW_REFERRAL]: RECIPIENTS,
  [NotificationKind.SERVICE_TASK]: RECIPIENTS,
  [NotificationKind.COUNTERSIGN_REQUESTED]: [StaffRole.SUPERVISOR],
  [NotificationKind.FOLLOW_UP_DUE]: [StaffRole.CASE_MANAGER, StaffRole.SUPERVISOR],
  [NotificationKind.ESCALATION]: [StaffRole.SUPERVISOR],
  [NotificationKind.MONITORING_ALERT]: [StaffRole.MONITORING_OFFICER, StaffRole.SUPERVISOR],
  [NotificationKind.REROUTE_SUGGESTED]: SENDERS,
  [NotificationKind.INTAKE_STEP]: CASE_WORKERS,
  [NotificationKind.BREAK_GLASS_REVIEW]: [StaffRole.SUPERVISOR],
  [NotificationKind.CLOSURE_REQUESTED]: [StaffRole.SUPERVISOR],
  [NotificationKind.CLOSURE_APPROVED]: [StaffRole.CASE_MANAGER, StaffRole.SUPERVISOR],
  [NotificationKind.DEADLINE_REMINDER]: [...RECIPIENTS, StaffRole.CASE_MANAGER, StaffRole.INTAKE_OFFICER],
  [NotificationKind.DEADLINE_MISSED]: RECIPIENTS,
  [NotificationKind.REFERRAL_ACCEPTED]: SENDERS,
  [NotificationKind.REFERRAL_DECLINED]: SENDERS,
  [NotificationKind.REFERRAL_COMPLETED]: SENDERS,
  [NotificationKind.REFERRAL_WITHDRAWN]: [...new Set([...SENDERS, ...RECIPIENTS])],
  [NotificationKind.CONSENT_WITHDRAWN]: RECIPIENTS,
  [NotificationKind.WEBHOOK_DISABLED]: [StaffRole.ADMINISTRATOR, StaffRole.ORGANISATION_ADMIN, StaffRole.SUPERVISOR],
  // Any role that can hold a task: the notification names its assignee, and only they hear of it (PERSONAL_KINDS).
  [NotificationKind.TASK_ASSIGNED]: [...new Set([...CASE_WORKERS, ...RECIPIENTS, StaffRole.MONITORING_OFFICER])],
  // Always names its one recipient (the assignee): the roles of a case's workers, in the owner or a recipient.
  [NotificationKind.CASE_ASSIGNED]: [...new Set([...CASE_WORKERS, ...RECIPIENTS])],
};

/**
 * Kinds about one named person only: unlike the others, the supervisors do not hear of them too (a supervisor who
 * assigned a task needs no word that it was assigned). Shared by the feed's scope and the e-mail planning.
 */
export const PERSONAL_KINDS: readonly NotificationKind[] = [NotificationKind.TASK_ASSIGNED, NotificationKind.CASE_ASSIGNED];

/**
 * Kinds nobody may switch off, on any channel: escalations (to supervisors and to the monitoring group), and a webhook
 * disabled after repeated failures (its administrators must hear that the organisation's own system stopped hearing).
 */
export const MANDATORY_KINDS: readonly NotificationKind[] = [
  NotificationKind.ESCALATION,
  NotificationKind.MONITORING_ALERT,
  NotificationKind.WEBHOOK_DISABLED,
];

/**
 * Whether one notification must reach its recipients whatever their preferences: a mandatory kind, or a high-risk
 * referral to answer (and the reminders and missed deadlines about it).
 */
export function isMandatory(kind: NotificationKind, highRisk: boolean): boolean {
  if (MANDATORY_KINDS.includes(kind)) return true;
  return (
    highRisk &&
    (kind === NotificationKind.NEW_REFERRAL ||
      kind === NotificationKind.DEADLINE_REMINDER ||
      kind === NotificationKind.DEADLINE_MISSED)
  );
}

/** Kinds a person may switch off (per channel). High-risk referrals are delivered anyway (isMandatory). */
export function canSwitchOff(kind: NotificationKind): boolean {
  return !MANDATORY_KINDS.includes(kind);
}
