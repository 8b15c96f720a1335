import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACTIVE_REFERRAL_STATUSES, type CaseCategory, type CaseStatus, ReferralStatus, type RiskLevel } from '@lib/domain';
import { assertMonitoringOfficer } from '@lib/monitoring';
import { type CaseActor } from './case-actor';

export interface RegionCaseStatus {
  caseId: string;
  caseCode: string;
  status: CaseStatus;
  category: CaseCategory;
  riskLevel: RiskLevel;
  openedAt: Date;
  openReferrals: number;
  overdueReferrals: number;
  /** Referrals of the case escalated at a missed deadline (response or service), whatever their status now. */
  escalatedReferrals: number;
  lastEscalatedAt: Date | null;
}

export const REGION_STATUS_LIMIT = 500;

/**
 * De-identified status of the cases of the monitoring officer's region: code, status, category, risk and referral
 * counts. No identity, no free text; nothing from `persons` is touched.
 */
@Injectable()
export class RegionStatusService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(actor: CaseActor, now = new Date()): Promise<RegionCaseStatus[]> {
    assertMonitoringOfficer(actor);
    const rows: { id: string; case_code: string; status: CaseStatus; category: CaseCategory; risk_level: RiskLevel; opened_at: Date; open_referrals: number; overdue_referrals: number; escalated_referrals: number; last_escalated_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT c.id, c.case_code, c.status, c.category, c.risk_level, c.opened_at,
                count(r.id) FILTER (WHERE r.status = ANY($2))::int AS open_referrals,
                count(r.id) FILTER (WHERE (r.status = $3 AND r.response_due_at < $4)
                                       OR (r.status = ANY($5) AND r.service_due_at < $4))::int AS overdue_referrals,
                count(r.id) FILTER (WHERE r.escalated_at IS NOT NULL)::int AS escalated_referrals,
                max(r.escalated_at) AS last_escalated_at
           FROM cases c LEFT JOIN referrals r ON r.case_id = c.id
          WHERE c.region = $1
          GROUP BY c.id
          ORDER BY c.opened_at DESC, c.id LIMIT ${REGION_STATUS_LIMIT}`,
        [actor.region, ACTIVE_REFERRAL_STATUSES, ReferralStatus.PENDING, now, [ReferralStatus.ACCEPTED, ReferralStatus.ESCALATED]],
      );
    return rows.map((r) => ({
      caseId: r.id,
      caseCode: r.case_code,
      status: r.status,
      category: r.category,
      riskLevel: r.risk_level,
      openedAt: new Date(r.opened_at),
      openReferrals: r.open_referrals,
      overdueReferrals: r.overdue_referrals,
      escalatedReferrals: r.escalated_referrals,
      lastEscalatedAt: r.last_escalated_at === null ? null : new Date(r.last_escalated_at),
    }));
  }
}
