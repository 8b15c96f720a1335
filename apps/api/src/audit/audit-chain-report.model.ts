import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditChainBreak')
export class AuditChainBreakModel {
  @Field(() => ID)
  chainId!: string;

  @Field(() => Int)
  seq!: number;

  @Field(() => ID, { nullable: true })
  eventId!: string | null;

  @Field()
  reason!: string;
}

@ObjectType('AuditChainReport')
export class AuditChainReportModel {
  @Field()
  intact!: boolean;

  @Field(() => Int)
  chainsChecked!: number;

  @Field(() => Int)
  eventsChecked!: number;

  @Field(() => AuditChainBreakModel, { nullable: true, description: 'The first broken link, if any.' })
  firstBreak!: AuditChainBreakModel | null;
}
