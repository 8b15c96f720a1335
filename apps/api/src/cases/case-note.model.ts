import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('CaseNote', {
  description: 'A note on a case, visible only inside the organisation that wrote it; never part of a referral.',
})
export class CaseNoteModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  caseId!: string;

  @Field(() => ID)
  authorId!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field({ description: 'The note’s text (personal data: it stays with the writing organisation).' })
  body!: string;
}
