import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACTIVE_REFERRAL_STATUSES, type CaseCategory, type CaseStatus, DomainError, ReferralStatus, type RiskLevel } from '@lib/domain';
import { decodeKeysetCursor, encodeKeysetCursor, timestampKeySql } from '@lib/persistence';
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
export const REGION_PAGE_MAX = 200;

export interface RegionCaseFilter {
  status?: CaseStatus | null;
  riskLevel?: RiskLevel | null;
  /** Only cases with an overdue or an escalated referral. */
  needsAttention?: boolean | null;
}

export interface RegionCasePage {
  items: (RegionCaseStatus & { cursor: string })[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** Cases of the region matching the filter, all pages together. */
  totalCount: number;
}

interface Row {
  id: string;
  case_code: string;
  status: CaseStatus;
  category: CaseCategory;
  risk_level: RiskLevel;
  opened_at: Date;
  opened_key: string;
  open_referrals: number;
  overdue_referrals: number;
  escalated_referrals: number;
  last_escalated_at: Date | null;
}

/**
 * De-identified status of the cases of the monitoring officer's region: code, status, category, risk and referral
 * counts. No identity, no free text; nothing from `persons` is touched. Newest first, keyset-paged.
 */
@Injectable()
export class RegionStatusService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The first REGION_STATUS_LIMIT cases (the unpaged `regionCaseStatus` query). */
  async list(actor: CaseActor, now = new Date()): Promise<RegionCaseStatus[]> {
    assertMonitoringOfficer(actor);
    return (await this.read(actor, { first: REGION_STATUS_LIMIT }, now)).items.map(({ cursor: _cursor, ...item }) => item);
  }

  /** One page, newest first; `first` 1 to REGION_PAGE_MAX, `after` a cursor from a previous page. */
  async page(
    actor: CaseActor,
    args: { first: number; after?: string | null; filter?: RegionCaseFilter | null },
    now = new Date(),
  ): Promise<RegionCasePage> {
    assertMonitoringOfficer(actor);
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > REGION_PAGE_MAX) {
      throw DomainError.badInput('Invalid page size', [{ path: ['first'], message: `must be between 1 and ${REGION_PAGE_MAX}` }]);
    }
    return this.read(actor, args, now);
  }

  private async read(
    actor: CaseActor,
    args: { first: number; after?: string | null; filter?: RegionCaseFilter | null },
    now: Date,
  ): Promise<RegionCasePage> {
    const cursor = args.after ? decodeKeysetCursor(args.after) : null;
    const params: unknown[] = [actor.region, ACTIVE_REFERRAL_STATUSES, ReferralStatus.PENDING, now, [ReferralStatus.ACCEPTED, ReferralStatus.ESCALATED]];
    const p = (v: unknown): string => `$${params.push(v)}`;
    const where = ['c.region = $1'];
    if (args.filter?.status) where.push(`c.status = ${p(args.filter.status)}`);
    if (args.filter?.riskLevel) where.push(`c.risk_level = ${p(args.filter.riskLevel)}`);
    const having = args.filter?.needsAttention ? 'HAVING count(r.id) FILTER (WHERE r.escalated_at IS NOT NULL OR ' + OVERDUE + ') > 0' : '';
    const filtered = `SELECT c.id, c.case_code, c.status, c.category, c.risk_level, c.opened_at, ${timestampKeySql('c.opened_at')} AS opened_key,
                count(r.id) FILTER (WHERE r.status = ANY($2))::int AS open_referrals,
                count(r.id) FILTER (WHERE ${OVERDUE})::int AS overdue_referrals,
                count(r.id) FILTER (WHERE r.escalated_at IS NOT NULL)::int AS escalated_referrals,
                max(r.escalated_at) AS last_escalated_at
           FROM cases c LEFT JOIN referrals r ON r.case_id = c.id
          WHERE ${where.join(' AND ')}
          GROUP BY c.id ${having}`;
    const total: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM (${filtered}) f`, params);
    const keyset = cursor ? `WHERE (f.opened_at, f.id) < (${p(cursor.key)}::timestamptz, ${p(cursor.id)}::uuid)` : '';
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM (${filtered}) f ${keyset} ORDER BY f.opened_at DESC, f.id DESC LIMIT ${args.first + 1}`,
      params,
    );
    const items = rows.slice(0, args.first).map((r) => ({
      cursor: encodeKeysetCursor({ key: r.opened_key, id: r.id }),
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
    return { items, hasNextPage: rows.length > args.first, endCursor: items.at(-1)?.cursor ?? null, totalCount: total[0]?.n ?? 0 };
  }
}

/** A referral past a deadline now ($3 PENDING, $4 now, $5 in-service statuses). */
const OVERDUE = '(r.status = $3 AND r.response_due_at < $4) OR (r.status = ANY($5) AND r.service_due_at < $4)';
