import { Inject } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { RegionStatusService } from '@lib/cases';
import { OrganisationType } from '@lib/domain';
import { AgencyPerformanceService, ContactStatisticsService } from '@lib/monitoring';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, ReadPurpose, readEvent, selectedFields } from '../audit/read-audit';
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
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
  ) {}

  @Query(() => [RegionCaseStatusModel], {
    description: 'Monitoring officers: de-identified status of the newest 500 cases of your region.',
    deprecationReason: 'Stops at 500 cases: use regionCases (paged, filtered, with totalCount).',
  })
  async regionCaseStatus(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RegionCaseStatusModel[]> {
    const rows = await this.regionStatus.list(actor);
    await this.audit(actor, meta, ReadAction.REGION_CASES, selectedFields(info));
    return rows.map((r) => Object.assign(new RegionCaseStatusModel(), r));
  }

  @Query(() => RegionCaseConnectionModel, {
    description: 'Monitoring officers: de-identified status of the cases of your region, newest first, paged and filtered.',
  })
  async regionCases(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args() args: RegionCasesArgs,
  ): Promise<RegionCaseConnectionModel> {
    const page = await this.regionStatus.page(actor, { first: args.first, after: args.after ?? null, filter: args.filter ?? null });
    await this.audit(actor, meta, ReadAction.REGION_CASES, selectedFields(info, ['edges', 'node']));
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
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('period', { type: () => ReportingPeriodInput, nullable: true }) period?: ReportingPeriodInput | null,
  ): Promise<AgencyPerformanceModel[]> {
    const rows = await this.agencyPerformance.list(actor, { from: period?.from ?? null, to: period?.to ?? null });
    await this.audit(actor, meta, ReadAction.AGENCY_PERFORMANCE, selectedFields(info));
    return rows.map((r) => Object.assign(new AgencyPerformanceModel(), r));
  }

  @Query(() => ContactStatisticsModel, {
    name: 'contactStatistics',
    description:
      'First contacts received over the period (default the last 30 days), by category, channel, caller and child age band, small cells withheld; optionally one kind of contact point, one region or one organisation. The coordinator sees national figures and every region, monitoring officers their region, helpline supervisors their own helpline.',
  })
  async contactStatisticsReport(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('period', { type: () => ReportingPeriodInput, nullable: true }) period?: ReportingPeriodInput | null,
    @Args('organisationType', { type: () => OrganisationType, nullable: true }) organisationType?: OrganisationType | null,
    @Args('region', { type: () => String, nullable: true, description: 'One region (monitoring officers: their own; the coordinator: any; default: theirs, or national for the coordinator).' })
    region?: string | null,
    @Args('organisationId', { type: () => GraphQLUUID, nullable: true, description: 'One organisation’s figures (helpline supervisors: always their own).' })
    organisationId?: string | null,
  ): Promise<ContactStatisticsModel> {
    const report = await this.contactStatistics.report(actor, {
      from: period?.from ?? null,
      to: period?.to ?? null,
      organisationType: organisationType ?? null,
      region: region ?? null,
      organisationId: organisationId ?? null,
    });
    await this.audit(actor, meta, ReadAction.CONTACT_STATISTICS, selectedFields(info));
    return Object.assign(new ContactStatisticsModel(), report);
  }

  /** Monitoring reads are de-identified and region-wide: one event per read, on the reader's organisation. */
  private audit(actor: Actor, meta: RequestMeta, action: string, fields: string[]): Promise<void> {
    return this.reads.record(
      readEvent(actor, meta, { action, subjectType: 'organisation', subjectId: actor.organisationId, fields, purpose: ReadPurpose.MONITORING }),
    );
  }
}
