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

  @Field(() => Int, {
    description: "Chains verified: each organisation's trail is up to 8 parallel chains (lanes).",
  })
  chainsChecked!: number;

  @Field(() => Int)
  eventsChecked!: number;

  @Field(() => AuditChainBreakModel, { nullable: true, description: 'The first broken link, if any.' })
  firstBreak!: AuditChainBreakModel | null;
}
