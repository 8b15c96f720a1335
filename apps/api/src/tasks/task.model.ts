import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { TaskStatus, TaskType } from '@lib/domain';

/** An inbox task: ids, the pseudonymous case code and times only. */
@ObjectType('Task')
export class TaskModel {
  @Field(() => ID)
  id!: string;

  @Field(() => TaskType)
  type!: TaskType;

  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => ID, { nullable: true })
  caseId!: string | null;

  @Field(() => String, { nullable: true })
  caseCode!: string | null;

  @Field(() => ID, { nullable: true })
  referralId!: string | null;

  @Field(() => ID, { nullable: true })
  assigneeId!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  dueAt!: Date | null;

  @Field()
  overdue!: boolean;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: "When the recipient was last reminded of this task's deadline; null: never.",
  })
  remindedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('TaskEdge')
export class TaskEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => TaskModel)
  node!: TaskModel;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType('TaskConnection')
export class TaskConnectionModel {
  @Field(() => [TaskEdgeModel])
  edges!: TaskEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
