import { ArgsType, Field, GraphQLISODateTime, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { TaskStatus, TaskType } from '@lib/domain';
import { InboxAssignment } from '@lib/tasks';

registerEnumType(InboxAssignment, {
  name: 'InboxAssignment',
  description: 'Whose tasks the inbox lists, within what you may see.',
  valuesMap: {
    ALL: { description: 'Everything you may see (the default).' },
    MINE: { description: 'Tasks assigned to you.' },
    MY_TEAM: { description: 'Tasks assigned to you or to staff you supervise, plus the unassigned queue.' },
    UNASSIGNED: { description: "The organisation's unassigned queue." },
  },
});

@InputType()
export class InboxFilterInput {
  @Field(() => TaskStatus, { nullable: true, description: 'Default OPEN.' })
  status?: TaskStatus | null;

  @Field(() => TaskType, { nullable: true })
  type?: TaskType | null;

  @Field(() => InboxAssignment, { nullable: true, description: 'Default ALL.' })
  assignment?: InboxAssignment | null;

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
