import { InitialSchema1795320000000 } from './1795320000000-InitialSchema';
import { PinnedEscalationTargets1795400000000 } from './1795400000000-PinnedEscalationTargets';
import { TaskReminders1795500000000 } from './1795500000000-TaskReminders';
import { CaseIncident1795600000000 } from './1795600000000-CaseIncident';
import { AuditChainLanes1795700000000 } from './1795700000000-AuditChainLanes';
import { OrganisationAdministration1796200000000 } from './1796200000000-OrganisationAdministration';
import { CaseNotes1796900000000 } from './1796900000000-CaseNotes';
import { WebhookFailureTasks1797000000000 } from './1797000000000-WebhookFailureTasks';
import { WorkflowStartOutbox1796000000000 } from './1796000000000-WorkflowStartOutbox';
import { AuditHeadSignatures1796100000000 } from './1796100000000-AuditHeadSignatures';
import { NotificationOutbox1796150000000 } from './1796150000000-NotificationOutbox';
import { RiskAssessments1796300000000 } from './1796300000000-RiskAssessments';
import { PrincipalChangeNotifications1797100000000 } from './1797100000000-PrincipalChangeNotifications';

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
  PrincipalChangeNotifications1797100000000,
];
export { PRINCIPAL_CHANGE_PG_CHANNEL } from './1797100000000-PrincipalChangeNotifications';
