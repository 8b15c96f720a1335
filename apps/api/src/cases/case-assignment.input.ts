import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { CaseloadAssignment } from '@lib/cases';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@InputType()
export class AssignCaseInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => GraphQLUUID, {
    description: 'An active member of your organisation with the roles of a worker on this case (the owner: a case role; a recipient: a referral-handling role).',
  })
  staffId!: string;
}

@InputType()
export class UnassignCaseInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => GraphQLUUID)
  staffId!: string;
}

@ArgsType()
export class CaseloadArgs {
  @Field(() => CaseloadAssignment, { defaultValue: CaseloadAssignment.MINE })
  assignment!: CaseloadAssignment;

  @Field(() => Int, { defaultValue: 20, description: '1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'Opaque cursor from pageInfo.endCursor.' })
  after?: string | null;
}
