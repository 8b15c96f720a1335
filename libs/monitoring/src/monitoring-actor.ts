import { DomainError, OrganisationType, StaffRole } from '@lib/domain';

/** What the monitoring reads need to know of the caller (ids, roles and region only). */
export interface MonitoringActor {
  roles: readonly StaffRole[];
  organisationType: OrganisationType;
  region: string;
}

/**
 * Monitoring views (regional case status, agency performance) are for monitoring officers of a monitoring group,
 * and cover that group's region only. Everyone else: FORBIDDEN.
 */
export function assertMonitoringOfficer(actor: MonitoringActor): void {
  if (!actor.roles.includes(StaffRole.MONITORING_OFFICER) || actor.organisationType !== OrganisationType.MONITORING_GROUP) {
    throw DomainError.forbidden('Only monitoring officers of a monitoring group see regional monitoring data');
  }
}
