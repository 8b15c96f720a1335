import { Field, InputType } from '@nestjs/graphql';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@InputType()
export class ClaimTaskInput {
  @Field(() => GraphQLUUID)
  taskId!: string;
}

@InputType()
export class AssignTaskInput {
  @Field(() => GraphQLUUID)
  taskId!: string;

  @Field(() => GraphQLUUID, {
    description: 'An active member of your organisation whose roles fit the task type.',
  })
  assigneeId!: string;
}

@InputType()
export class ReleaseTaskInput {
  @Field(() => GraphQLUUID)
  taskId!: string;
}
