import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { RegionStatusService } from '@lib/cases';
import { OrganisationType } from '@lib/domain';
import { AgencyPerformanceService, ContactStatisticsService } from '@lib/monitoring';
import { type Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AgencyPerformanceModel } from './agency-performance.model';
import { ContactStatisticsModel } from './contact-statistics.model';
import { RegionCaseStatusModel } from './region-case-status.model';
import { RegionCaseConnectionModel, RegionCasesArgs } from './region-cases.model';
import { ReportingPeriodInput } from './reporting-period.input';

@Resolver(() => RegionCaseStatusModel)
export class MonitoringResolver {
  constructor(
    @Inject(RegionStatusService) private readonly regionStatus: RegionStatusService,
    @Inject(AgencyPerformanceService) private readonly agencyPerformance: AgencyPerformanceService,
    @Inject(ContactStatisticsService) private readonly contactStatistics: ContactStatisticsService,
  ) {}

  @Query(() => [RegionCaseStatusModel], {
    description: 'Monitoring officers: de-identified status of the newest 500 cases of your region.',
    deprecationReason: 'Stops at 500 cases: use regionCases (paged, filtered, with totalCount).',
  })
  async regionCaseStatus(@CurrentActor() actor: Actor): Promise<RegionCaseStatusModel[]> {
    return (await this.regionStatus.list(actor)).map((r) => Object.assign(new RegionCaseStatusModel(), r));
  }

  @Query(() => RegionCaseConnectionModel, {
    description: 'Monitoring officers: de-identified status of the cases of your region, newest first, paged and filtered.',
  })
  async regionCases(@CurrentActor() actor: Actor, @Args() args: RegionCasesArgs): Promise<RegionCaseConnectionModel> {
    const page = await this.regionStatus.page(actor, { first: args.first, after: args.after ?? null, filter: args.filter ?? null });
    return {
      edges: page.items.map(({ cursor, ...node }) => ({ cursor, node: Object.assign(new RegionCaseStatusModel(), node) })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      totalCount: page.totalCount,
    };
  }

  @Query(() => [AgencyPerformanceModel], {
    name: 'agencyPerformance',
    description:
      'Monitoring officers: per receiving organisation, how the referrals of your region’s cases sent in the period were handled (counts, deadlines met, response times).',
  })
  async agencyPerformanceReport(
    @CurrentActor() actor: Actor,
    @Args('period', { type: () => ReportingPeriodInput, nullable: true }) period?: ReportingPeriodInput | null,
  ): Promise<AgencyPerformanceModel[]> {
    return (await this.agencyPerformance.list(actor, { from: period?.from ?? null, to: period?.to ?? null })).map((r) => Object.assign(new AgencyPerformanceModel(), r));
  }

  @Query(() => ContactStatisticsModel, {
    name: 'contactStatistics',
    description:
      'Monitoring officers: first contacts received in your region over the period (default the last 30 days), by category, channel, caller and child age band, small cells withheld; optionally one kind of contact point.',
  })
  async contactStatisticsReport(
    @CurrentActor() actor: Actor,
    @Args('period', { type: () => ReportingPeriodInput, nullable: true }) period?: ReportingPeriodInput | null,
    @Args('organisationType', { type: () => OrganisationType, nullable: true }) organisationType?: OrganisationType | null,
  ): Promise<ContactStatisticsModel> {
    const report = await this.contactStatistics.report(actor, { from: period?.from ?? null, to: period?.to ?? null, organisationType: organisationType ?? null });
    return Object.assign(new ContactStatisticsModel(), report);
  }
}
