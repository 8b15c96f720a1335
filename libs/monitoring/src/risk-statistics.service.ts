import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProtectionOrderKind, RiskLevel, SafetyPlanAction, type StatisticCell, suppressSmallCells, suppressTotal } from '@lib/domain';
import { assertMonitoringOfficer, type MonitoringActor } from './monitoring-actor';
import { reportingWindow } from './reporting-window';

/**
 * Risk assessments and protection orders of the cases of a region over a period (issue 16): counts only, small cells
 * withheld, never a case id. Assessments by resulting level; orders issued (by kind), expiring and breached; safety
 * plan items open now (by action) and overdue now.
 */
export interface RiskStatistics {
  from: Date;
  to: Date;
  /** Null when withheld (1 to 4). */
  assessments: number | null;
  assessmentsByLevel: StatisticCell<RiskLevel>[];
  /** Orders issued in the period, by kind. */
  ordersIssued: number | null;
  ordersIssuedByKind: StatisticCell<ProtectionOrderKind>[];
  /** Issued orders whose expiry falls in the period. */
  ordersExpiring: number | null;
  /** Orders with at least one breach reported in the period. */
  ordersBreached: number | null;
  /** Safety plan items OPEN now (a snapshot, not the period). */
  safetyPlanItemsOpen: number | null;
  safetyPlanItemsOpenByAction: StatisticCell<SafetyPlanAction>[];
  /** OPEN items whose due date has passed, now. */
  safetyPlanItemsOverdue: number | null;
}

@Injectable()
export class RiskStatisticsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async report(actor: MonitoringActor, args: { from?: Date | null; to?: Date | null }, now = new Date()): Promise<RiskStatistics> {
    assertMonitoringOfficer(actor);
    const window = reportingWindow({ from: args.from ?? null, to: args.to ?? null }, now, ['period']);
    const params = [actor.region, window.from, window.to];
    const byLevel = await this.dataSource.query<{ key: RiskLevel; n: number }[]>(
      `SELECT a.level AS key, count(*)::int AS n FROM risk_assessments a JOIN cases c ON c.id = a.case_id
        WHERE c.region = $1 AND a.assessed_at >= $2 AND a.assessed_at < $3 GROUP BY a.level`,
      params,
    );
    const byKind = await this.dataSource.query<{ key: ProtectionOrderKind; n: number }[]>(
      `SELECT o.kind AS key, count(*)::int AS n FROM protection_orders o JOIN cases c ON c.id = o.case_id
        WHERE c.region = $1 AND o.issued_at >= $2 AND o.issued_at < $3 GROUP BY o.kind`,
      params,
    );
    const [other] = await this.dataSource.query<{ expiring: number; breached: number }[]>(
      `SELECT
         (SELECT count(*)::int FROM protection_orders o JOIN cases c ON c.id = o.case_id
           WHERE c.region = $1 AND o.status <> 'APPLIED' AND o.expires_at >= $2 AND o.expires_at < $3) AS expiring,
         (SELECT count(DISTINCT b.order_id)::int FROM protection_order_breaches b JOIN cases c ON c.id = b.case_id
           WHERE c.region = $1 AND b.reported_at >= $2 AND b.reported_at < $3) AS breached`,
      params,
    );
    const openByAction = await this.dataSource.query<{ key: SafetyPlanAction; n: number; overdue: number }[]>(
      `SELECT i.action AS key, count(*)::int AS n, count(*) FILTER (WHERE i.due_at < $2)::int AS overdue
         FROM safety_plan_items i JOIN cases c ON c.id = i.case_id
        WHERE c.region = $1 AND i.status = 'OPEN' GROUP BY i.action`,
      [actor.region, now],
    );
    const cells = <K extends string>(keys: readonly K[], rows: { key: K; n: number }[]) =>
      suppressSmallCells(keys.map((key) => ({ key, count: rows.find((r) => r.key === key)?.n ?? 0 })));
    const sum = (rows: { n: number }[]) => rows.reduce((a, r) => a + r.n, 0);
    return {
      from: window.from,
      to: window.to,
      assessments: suppressTotal(sum(byLevel)),
      assessmentsByLevel: cells(Object.values(RiskLevel), byLevel),
      ordersIssued: suppressTotal(sum(byKind)),
      ordersIssuedByKind: cells(Object.values(ProtectionOrderKind), byKind),
      ordersExpiring: suppressTotal(other?.expiring ?? 0),
      ordersBreached: suppressTotal(other?.breached ?? 0),
      safetyPlanItemsOpen: suppressTotal(sum(openByAction)),
      safetyPlanItemsOpenByAction: cells(Object.values(SafetyPlanAction), openByAction),
      safetyPlanItemsOverdue: suppressTotal(openByAction.reduce((a, r) => a + r.overdue, 0)),
    };
  }
}
