import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditChainBreak')
export class AuditChainBreakModel {
  @Field(() => ID)
  chainId!: string;

  @Field(() => Int)
  seq!: number;

  @Field(() => ID, { nullable: true })
  eventId!: string | null;

  @Field({
    description:
      'seq-gap, prev-hash-mismatch, hash-mismatch, head-mismatch, head-signature, head-unsigned, checkpoint-rollback or checkpoint-mismatch.',
  })
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

  @Field(() => [AuditChainBreakModel], { description: 'The first break of EVERY broken chain in scope.' })
  breaks!: AuditChainBreakModel[];

  @Field({
    description:
      'The newest signed checkpoint kept outside the database: VERIFIED (compared), NONE (none for this database) or INVALID (edited or forged: the trail cannot be vouched for).',
  })
  checkpointStatus!: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the compared checkpoint was taken.' })
  checkpointTakenAt!: Date | null;
}
