import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CaseStatus } from '@lib/domain';

export enum DuplicateMatch {
  FULL_NAME = 'FULL_NAME',
  PHONE = 'PHONE',
}
registerEnumType(DuplicateMatch, { name: 'DuplicateMatch' });

/** A case of YOUR organisation that may concern the same person (blind-index match; nothing decrypted). */
@ObjectType('PossibleDuplicate')
export class PossibleDuplicateModel {
  @Field(() => ID)
  caseId!: string;

  @Field()
  caseCode!: string;

  @Field(() => CaseStatus)
  status!: CaseStatus;

  @Field(() => GraphQLISODateTime)
  openedAt!: Date;

  @Field(() => [DuplicateMatch])
  matchedOn!: DuplicateMatch[];
}
