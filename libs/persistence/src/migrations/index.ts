import { InitialSchema1795320000000 } from './1795320000000-InitialSchema';
import { PinnedEscalationTargets1795400000000 } from './1795400000000-PinnedEscalationTargets';
import { TaskReminders1795500000000 } from './1795500000000-TaskReminders';
import { CaseIncident1795600000000 } from './1795600000000-CaseIncident';
import { AuditChainLanes1795700000000 } from './1795700000000-AuditChainLanes';
import { OrganisationAdministration1796200000000 } from './1796200000000-OrganisationAdministration';
import { CaseNotes1796900000000 } from './1796900000000-CaseNotes';
import { WebhookFailureTasks1797000000000 } from './1797000000000-WebhookFailureTasks';
import { TaskAssignedNotifications1797120000000 } from './1797120000000-TaskAssignedNotifications';
import { CaseAssignments1797300000000 } from './1797300000000-CaseAssignments';
import { InterviewRiskAssessments1797500000000 } from './1797500000000-InterviewRiskAssessments';
import { ProtectionOrderConditions1797600000000 } from './1797600000000-ProtectionOrderConditions';
import { WorkflowSignalOutbox1797700000000 } from './1797700000000-WorkflowSignalOutbox';
import { CaseloadOrder1797900000000 } from './1797900000000-CaseloadOrder';
import { WorkflowStartOutbox1796000000000 } from './1796000000000-WorkflowStartOutbox';
import { AuditHeadSignatures1796100000000 } from './1796100000000-AuditHeadSignatures';
import { NotificationOutbox1796150000000 } from './1796150000000-NotificationOutbox';
import { RiskAssessments1796300000000 } from './1796300000000-RiskAssessments';
import { SafetyPlans1797200000000 } from './1797200000000-SafetyPlans';
import { PrincipalChangeNotifications1797400000000 } from './1797400000000-PrincipalChangeNotifications';

/** Every migration, oldest first. Never edit one that has landed: append a new one. */
export const MIGRATIONS = [
  InitialSchema1795320000000,
  PinnedEscalationTargets1795400000000,
  TaskReminders1795500000000,
  CaseIncident1795600000000,
  AuditChainLanes1795700000000,
  WorkflowStartOutbox1796000000000,
  AuditHeadSignatures1796100000000,
  NotificationOutbox1796150000000,
  OrganisationAdministration1796200000000,
  RiskAssessments1796300000000,
  CaseNotes1796900000000,
  WebhookFailureTasks1797000000000,
  TaskAssignedNotifications1797120000000,
  SafetyPlans1797200000000,
  CaseAssignments1797300000000,
  PrincipalChangeNotifications1797400000000,
  InterviewRiskAssessments1797500000000,
  ProtectionOrderConditions1797600000000,
  WorkflowSignalOutbox1797700000000,
  CaseloadOrder1797900000000,
];
export { PRINCIPAL_CHANGE_PG_CHANNEL } from './1797400000000-PrincipalChangeNotifications';
