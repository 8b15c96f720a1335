import { DomainError, OrganisationType, StaffRole } from '@lib/domain';
import { type MonitoringActor } from './monitoring-actor';

/** Which first contacts a statistics read counts: one region or all (null), one organisation or all (null). */
export interface StatisticsScope {
  region: string | null;
  organisationId: string | null;
}

export interface StatisticsRequest {
  region?: string | null;
  organisationId?: string | null;
}

/** The caller, as statistics access needs it: roles, organisation (id, type) and its region. */
export interface StatisticsActor extends MonitoringActor {
  organisationId: string;
}

const COORDINATOR_ROLES: readonly StaffRole[] = [StaffRole.ADMINISTRATOR, StaffRole.MONITORING_OFFICER];

/**
 * Who sees which statistics (issue 14, statistics access), all with small-cell suppression:
 * - the coordinator (administrators and monitoring officers of a COORDINATOR organisation, the State Committee):
 *   national figures, or any one region, or any one organisation;
 * - a monitoring group's monitoring officers: their region only (any organisation in it);
 * - a helpline's supervisors: their own helpline's figures only (national helplines serve every region, so any region
 *   of them, or all);
 * - everyone else: FORBIDDEN. Asking beyond one's scope is FORBIDDEN too, never silently narrowed.
 */
export function statisticsScope(actor: StatisticsActor, request: StatisticsRequest): StatisticsScope {
  const region = request.region ?? null;
  const organisationId = request.organisationId ?? null;
  const has = (roles: readonly StaffRole[]): boolean => actor.roles.some((r) => roles.includes(r));
  if (actor.organisationType === OrganisationType.COORDINATOR && has(COORDINATOR_ROLES)) {
    return { region, organisationId };
  }
  if (actor.organisationType === OrganisationType.MONITORING_GROUP && has([StaffRole.MONITORING_OFFICER])) {
    if (region !== null && region !== actor.region) {
      throw DomainError.forbidden('Monitoring officers see the statistics of their own region only');
    }
    return { region: actor.region, organisationId };
  }
  if (actor.organisationType === OrganisationType.HELPLINE && has([StaffRole.SUPERVISOR])) {
    if (organisationId !== null && organisationId !== actor.organisationId) {
      throw DomainError.forbidden('Helpline supervisors see their own helpline’s statistics only');
    }
    return { region, organisationId: actor.organisationId };
  }
  throw DomainError.forbidden(
    'Statistics are for the coordinator, monitoring officers of a monitoring group and helpline supervisors',
  );
}
