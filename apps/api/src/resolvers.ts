import { AuditResolver } from './audit/audit.resolver';
import { BreakGlassResolver } from './cases/break-glass.resolver';
import { CaseClosureResolver } from './cases/case-closure.resolver';
import { CaseResolver } from './cases/case.resolver';
import { CaseAssignmentResolver } from './cases/case-assignment.resolver';
import { CaseDetailsResolver } from './cases/case-details.resolver';
import { RectificationResolver } from './cases/rectification.resolver';
import { CaseTimelineResolver } from './cases/case-timeline.resolver';
import { CaseNotesResolver } from './cases/case-notes.resolver';
import { ConsentResolver } from './consents/consent.resolver';
import { HealthResolver } from './health/health.resolver';
import { DostIntakeResolver } from './intake/dost-intake.resolver';
import { InboxResolver } from './tasks/inbox.resolver';
import { TaskCompletionResolver } from './tasks/task-completion.resolver';
import { TaskAssignmentResolver } from './tasks/task-assignment.resolver';
import { MonitoringResolver } from './monitoring/monitoring.resolver';
import { OrganisationResolver } from './organisations/organisation.resolver';
import { PersonFieldsResolver, SurvivorResolver } from './cases/survivor.resolver';
import { ReasonCodesResolver } from './referrals/reason-codes.resolver';
import { ReferralResolver } from './referrals/referral.resolver';
import { NotificationResolver } from './notifications/notification.resolver';
import { StaffMemberResolver } from './staff/staff-member.resolver';
import { MeResolver } from './staff/me.resolver';
import { RiskAssessmentResolver } from './risk/risk-assessment.resolver';
import { RiskConferenceResolver } from './risk/risk-conference.resolver';
import { ProtectionOrderResolver } from './risk/protection-order.resolver';
import { RiskStatisticsResolver } from './risk/risk-statistics.resolver';
import { SafetyPlanResolver } from './risk/safety-plan.resolver';

/** Every resolver of the API (the resolver-metadata guard test walks this list). */
export const RESOLVERS = [
  HealthResolver,
  CaseResolver,
  CaseAssignmentResolver,
  CaseDetailsResolver,
  RectificationResolver,
  SurvivorResolver,
  PersonFieldsResolver,
  CaseTimelineResolver,
  CaseNotesResolver,
  CaseClosureResolver,
  BreakGlassResolver,
  ConsentResolver,
  ReferralResolver,
  ReasonCodesResolver,
  DostIntakeResolver,
  InboxResolver,
  TaskCompletionResolver,
  TaskAssignmentResolver,
  OrganisationResolver,
  StaffMemberResolver,
  MeResolver,
  AuditResolver,
  MonitoringResolver,
  NotificationResolver,
  RiskAssessmentResolver,
  RiskConferenceResolver,
  ProtectionOrderResolver,
  RiskStatisticsResolver,
  SafetyPlanResolver,
];
