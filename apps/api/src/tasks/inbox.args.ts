import { ArgsType, Field, GraphQLISODateTime, InputType, Int } from '@nestjs/graphql';
import { TaskStatus, TaskType } from '@lib/domain';

@InputType()
export class InboxFilterInput {
  @Field(() => TaskStatus, { nullable: true, description: 'Default OPEN.' })
  status?: TaskStatus | null;

  @Field(() => TaskType, { nullable: true })
  type?: TaskType | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  dueBefore?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  dueAfter?: Date | null;
}

@ArgsType()
export class InboxArgs {
  @Field(() => InboxFilterInput, { nullable: true })
  filter?: InboxFilterInput | null;

  @Field(() => Int, { defaultValue: 20, description: '1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'Opaque cursor from pageInfo.endCursor.' })
  after?: string | null;
}
