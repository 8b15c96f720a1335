import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { TaskStatus, TaskType } from '@lib/domain';

/** A task after a claim, assignment or release: ids, type, status and due time only. */
@ObjectType('AssignedTask')
export class AssignedTaskModel {
  @Field(() => ID)
  id!: string;

  @Field(() => TaskType)
  type!: TaskType;

  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => ID, {
    nullable: true,
    description: 'The staff member who holds the task; null: the organisation queue.',
  })
  assigneeId!: string | null;

  @Field(() => ID, { nullable: true })
  caseId!: string | null;

  @Field(() => ID, { nullable: true })
  referralId!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  dueAt!: Date | null;
}
