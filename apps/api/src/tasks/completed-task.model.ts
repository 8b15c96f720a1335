import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { TaskStatus, TaskType } from '@lib/domain';

/** The result of closing an inbox task by hand: ids and times only. */
@ObjectType('CompletedTask')
export class CompletedTaskModel {
  @Field(() => ID)
  id!: string;

  @Field(() => TaskType)
  type!: TaskType;

  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => GraphQLISODateTime)
  completedAt!: Date;
}
