import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CaseStatus, RiskLevel } from '@lib/domain';
import { CaseloadAssignment } from '@lib/cases';
import { PageInfoModel } from '../tasks/task.model';

registerEnumType(CaseloadAssignment, {
  name: 'CaseloadAssignment',
  description: "Whose cases a caseload lists, within the cases you may open.",
  valuesMap: {
    MINE: { description: 'Cases you work on.' },
    MY_TEAM: { description: 'Cases you or the staff you supervise work on.' },
  },
});

/** A staff member working on a case: ids and the staff directory's display name only. */
@ObjectType('CaseWorker')
export class CaseWorkerModel {
  @Field(() => ID)
  staffId!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => GraphQLISODateTime)
  assignedAt!: Date;
}

/** A case's workers of your organisation after an assignment change (ids only). */
@ObjectType('CaseAssignment')
export class CaseAssignmentModel {
  @Field(() => ID)
  caseId!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field(() => [ID], { description: "The case's active workers of your organisation, oldest assignment first." })
  workerIds!: string[];
}

/** One case of a caseload: ids, code and status only. */
@ObjectType('CaseloadItem')
export class CaseloadItemModel {
  @Field(() => ID)
  caseId!: string;

  @Field(() => String)
  caseCode!: string;

  @Field(() => CaseStatus)
  status!: CaseStatus;

  @Field(() => RiskLevel)
  riskLevel!: RiskLevel;

  @Field(() => GraphQLISODateTime)
  openedAt!: Date;
}

@ObjectType('CaseloadEdge')
export class CaseloadEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => CaseloadItemModel)
  node!: CaseloadItemModel;
}

@ObjectType('CaseloadConnection')
export class CaseloadConnectionModel {
  @Field(() => [CaseloadEdgeModel])
  edges!: CaseloadEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
