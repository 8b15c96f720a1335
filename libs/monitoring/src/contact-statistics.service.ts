import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CallerType,
  CaseCategory,
  ChildAgeBand,
  ContactChannel,
  OrganisationType,
  requireFreeText,
  requireText,
  type StatisticCell,
  suppressSmallCells,
  suppressTotal,
} from '@lib/domain';
import { type StatisticsActor, statisticsScope } from './statistics-scope';
import { reportingWindow } from './reporting-window';

/**
 * First contacts received in a region over a period, the breakdowns the helplines and DOST centres publish (category,
 * channel, caller, child's age), computed from the contacts recorded at intake. Small cells are withheld.
 */
export interface ContactStatistics {
  from: Date;
  to: Date;
  /** The region counted; null: every region (national figures). */
  region: string | null;
  /** The one organisation counted; null: every organisation of the scope. */
  organisationId: string | null;
  /** Null when withheld (fewer than 5). */
  total: number | null;
  anonymous: number | null;
  byCategory: StatisticCell<CaseCategory>[];
  byChannel: StatisticCell<ContactChannel>[];
  byCallerType: StatisticCell<CallerType>[];
  /** Contacts concerning a child, by age band. */
  byChildAgeBand: StatisticCell<ChildAgeBand>[];
}

type Breakdown = 'category' | 'channel' | 'caller_type' | 'child_age_band';

@Injectable()
export class ContactStatisticsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * `organisationType` narrows to one kind of first-contact point (e.g. HELPLINE, DOST_CENTER); `region` and
   * `organisationId` choose the scope within what the caller may see (statistics-scope.ts).
   */
  async report(
    actor: StatisticsActor,
    args: {
      from?: Date | null;
      to?: Date | null;
      organisationType?: OrganisationType | null;
      region?: string | null;
      organisationId?: string | null;
    },
    now = new Date(),
  ): Promise<ContactStatistics> {
    // Who may see what first (FORBIDDEN before any look at the input), then the region asked for must be plausible.
    const scope = statisticsScope(actor, { region: args.region ?? null, organisationId: args.organisationId ?? null });
    if (scope.region !== null) requireFreeText(requireText(scope.region, ['region'], { maxLength: 100 }), ['region']);
    const window = reportingWindow({ from: args.from ?? null, to: args.to ?? null }, now, ['period']);
    const params: unknown[] = [window.from, window.to];
    const filters = [
      scope.region !== null ? `AND o.region = $${params.push(scope.region)}` : '',
      scope.organisationId !== null ? `AND o.id = $${params.push(scope.organisationId)}` : '',
      args.organisationType ? `AND o.type = $${params.push(args.organisationType)}` : '',
    ].join(' ');
    const from = `FROM contacts k JOIN organisations o ON o.id = k.organisation_id
                  WHERE k.received_at >= $1 AND k.received_at < $2 ${filters}`;
    const [totals] = await this.dataSource.query<{ total: number; anonymous: number }[]>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE k.anonymous)::int AS anonymous ${from}`,
      params,
    );
    const counts = async <K extends string>(column: Breakdown, keys: readonly K[]): Promise<StatisticCell<K>[]> => {
      const rows = await this.dataSource.query<{ key: K; n: number }[]>(
        `SELECT k.${column} AS key, count(*)::int AS n ${from} AND k.${column} IS NOT NULL GROUP BY k.${column}`,
        params,
      );
      return suppressSmallCells(keys.map((key) => ({ key, count: rows.find((r) => r.key === key)?.n ?? 0 })));
    };
    return {
      from: window.from,
      to: window.to,
      region: scope.region,
      organisationId: scope.organisationId,
      total: suppressTotal(totals?.total ?? 0),
      anonymous: suppressSmallCells([
        { key: 'anonymous', count: totals?.anonymous ?? 0 },
        { key: 'identified', count: (totals?.total ?? 0) - (totals?.anonymous ?? 0) },
      ])[0]!.count,
      byCategory: await counts('category', Object.values(CaseCategory)),
      byChannel: await counts('channel', Object.values(ContactChannel)),
      byCallerType: await counts('caller_type', Object.values(CallerType)),
      byChildAgeBand: await counts('child_age_band', Object.values(ChildAgeBand)),
    };
  }
}
