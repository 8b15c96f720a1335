import { ArgsType, Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { CaseStatus, RiskLevel } from '@lib/domain';
import { PageInfoModel } from '../tasks/task.model';
import { RegionCaseStatusModel } from './region-case-status.model';

@InputType('RegionCaseFilterInput')
export class RegionCaseFilterInput {
  @Field(() => CaseStatus, { nullable: true })
  status?: CaseStatus | null;

  @Field(() => RiskLevel, { nullable: true })
  riskLevel?: RiskLevel | null;

  @Field(() => Boolean, { nullable: true, description: 'Only cases with an overdue or an escalated referral.' })
  needsAttention?: boolean | null;
}

@ArgsType()
export class RegionCasesArgs {
  @Field(() => RegionCaseFilterInput, { nullable: true })
  filter?: RegionCaseFilterInput | null;

  @Field(() => Int, { defaultValue: 50, description: '1 to 200.' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'Opaque cursor from pageInfo.endCursor.' })
  after?: string | null;
}

@ObjectType('RegionCaseEdge')
export class RegionCaseEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => RegionCaseStatusModel)
  node!: RegionCaseStatusModel;
}

@ObjectType('RegionCaseConnection')
export class RegionCaseConnectionModel {
  @Field(() => [RegionCaseEdgeModel])
  edges!: RegionCaseEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  @Field(() => Int, { description: 'Cases of your region matching the filter, all pages together.' })
  totalCount!: number;
}
