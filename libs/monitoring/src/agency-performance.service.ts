import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type OrganisationType, ReferralStatus } from '@lib/domain';
import { assertMonitoringOfficer, type MonitoringActor } from './monitoring-actor';
import { reportingWindow } from './reporting-window';

/**
 * How one receiving organisation handled the referrals of a region's cases sent in a period. Counts and durations
 * only: no case, person or staff identifier.
 */
export interface AgencyPerformance {
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
  /** Referrals received in the period (any status now). */
  received: number;
  pending: number;
  accepted: number;
  declined: number;
  completed: number;
  withdrawn: number;
  /** Not answered before the response deadline (returned to the sender). */
  expired: number;
  /** Escalated at either deadline (response or service). */
  escalated: number;
  /** Still open and past a deadline now. */
  overdueNow: number;
  /** Accepted or declined; of those, before the response deadline. */
  responded: number;
  respondedOnTime: number;
  /** Completed; of those, before the service deadline (or with no service deadline). */
  completedOnTime: number;
  /** From sending to the answer (accepted or declined), over the answered referrals; null when none. */
  medianResponseMinutes: number | null;
  p90ResponseMinutes: number | null;
}

/** Agency performance for monitoring groups: referrals of their region's cases, grouped by recipient. */
@Injectable()
export class AgencyPerformanceService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** `period` errors are reported under `path` (e.g. ['period', 'from']), after the caller's access is checked. */
  async list(
    actor: MonitoringActor,
    period: { from?: Date | null; to?: Date | null },
    now = new Date(),
    path: string[] = ['period'],
  ): Promise<AgencyPerformance[]> {
    assertMonitoringOfficer(actor);
    const window = reportingWindow(period, now, path);
    const S = ReferralStatus;
    // Columns aliased to the interface's names; the percentiles come back unrounded.
    const rows: AgencyPerformance[] = await this.dataSource.query(
      `SELECT o.id AS "organisationId", o.name AS "organisationName", o.type AS "organisationType",
              count(*)::int AS received,
              count(*) FILTER (WHERE r.status = '${S.PENDING}')::int AS pending,
              count(*) FILTER (WHERE r.status = '${S.ACCEPTED}')::int AS accepted,
              count(*) FILTER (WHERE r.status = '${S.DECLINED}')::int AS declined,
              count(*) FILTER (WHERE r.status = '${S.COMPLETED}')::int AS completed,
              count(*) FILTER (WHERE r.status = '${S.WITHDRAWN}')::int AS withdrawn,
              count(*) FILTER (WHERE r.status = '${S.EXPIRED}')::int AS expired,
              count(*) FILTER (WHERE r.escalated_at IS NOT NULL)::int AS escalated,
              count(*) FILTER (WHERE (r.status = '${S.PENDING}' AND r.response_due_at < $4)
                                  OR (r.status IN ('${S.ACCEPTED}', '${S.ESCALATED}') AND r.service_due_at < $4))::int AS "overdueNow",
              count(*) FILTER (WHERE r.responded_at IS NOT NULL)::int AS responded,
              count(*) FILTER (WHERE r.responded_at IS NOT NULL AND r.responded_at <= r.response_due_at)::int AS "respondedOnTime",
              count(*) FILTER (WHERE r.status = '${S.COMPLETED}'
                                 AND (r.service_due_at IS NULL OR r.completed_at <= r.service_due_at))::int AS "completedOnTime",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.responded_at - r.created_at) / 60)
                FILTER (WHERE r.responded_at IS NOT NULL) AS "medianResponseMinutes",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.responded_at - r.created_at) / 60)
                FILTER (WHERE r.responded_at IS NOT NULL) AS "p90ResponseMinutes"
         FROM referrals r
         JOIN cases c ON c.id = r.case_id
         JOIN organisations o ON o.id = r.to_organisation_id
        WHERE c.region = $1 AND r.created_at >= $2 AND r.created_at < $3
        GROUP BY o.id, o.name, o.type
        ORDER BY o.name, o.id`,
      [actor.region, window.from, window.to, now],
    );
    return rows.map((r) => ({
      ...r,
      medianResponseMinutes: roundMinutes(r.medianResponseMinutes),
      p90ResponseMinutes: roundMinutes(r.p90ResponseMinutes),
    }));
  }
}

function roundMinutes(value: number | null): number | null {
  if (value === null) return null;
  return Math.round(Number(value) * 10) / 10;
}
