import { Inject } from '@nestjs/common';
import { Args, Field, GraphQLISODateTime, Info, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { RiskStatisticsService } from '@lib/monitoring';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, ReadPurpose, readEvent, selectedFields } from '../audit/read-audit';
import { StatisticCellModel } from '../monitoring/contact-statistics.model';
import { ReportingPeriodInput } from '../monitoring/reporting-period.input';

@ObjectType('RiskStatistics', {
  description:
    'Risk assessments, protection orders and safety plans of the cases of your region (over the period where stated): counts only, 1 to 4 withheld (and a second cell when one alone could be worked out).',
})
export class RiskStatisticsModel {
  @Field(() => GraphQLISODateTime)
  from!: Date;

  @Field(() => GraphQLISODateTime)
  to!: Date;

  @Field(() => Int, { nullable: true })
  assessments!: number | null;

  @Field(() => [StatisticCellModel], { description: 'Assessments by resulting level.' })
  assessmentsByLevel!: StatisticCellModel[];

  @Field(() => Int, { nullable: true, description: 'Protection orders issued in the period.' })
  ordersIssued!: number | null;

  @Field(() => [StatisticCellModel])
  ordersIssuedByKind!: StatisticCellModel[];

  @Field(() => Int, { nullable: true, description: 'Issued orders expiring in the period.' })
  ordersExpiring!: number | null;

  @Field(() => Int, { nullable: true, description: 'Orders with a breach reported in the period.' })
  ordersBreached!: number | null;

  @Field(() => Int, { nullable: true, description: 'Safety plan items open now (not limited to the period).' })
  safetyPlanItemsOpen!: number | null;

  @Field(() => [StatisticCellModel], { description: 'Safety plan items open now, by action.' })
  safetyPlanItemsOpenByAction!: StatisticCellModel[];

  @Field(() => Int, { nullable: true, description: 'Open safety plan items past their due date now.' })
  safetyPlanItemsOverdue!: number | null;
}

@Resolver(() => RiskStatisticsModel)
export class RiskStatisticsResolver {
  constructor(
    @Inject(RiskStatisticsService) private readonly statistics: RiskStatisticsService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
  ) {}

  @Query(() => RiskStatisticsModel, {
    description: 'Monitoring officers: assessments by level and protection orders issued, expiring and breached in your region (default the last 30 days).',
  })
  async riskStatistics(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('period', { type: () => ReportingPeriodInput, nullable: true }) period?: ReportingPeriodInput | null,
  ): Promise<RiskStatisticsModel> {
    const report = await this.statistics.report(actor, { from: period?.from ?? null, to: period?.to ?? null });
    await this.reads.record(
      readEvent(actor, meta, {
        action: ReadAction.RISK_STATISTICS,
        subjectType: 'organisation',
        subjectId: actor.organisationId,
        fields: selectedFields(info),
        purpose: ReadPurpose.MONITORING,
      }),
    );
    return Object.assign(new RiskStatisticsModel(), report);
  }
}
