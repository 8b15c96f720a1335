import { Field, GraphQLISODateTime, InputType } from '@nestjs/graphql';
import { ProtectionOrderCondition, ProtectionOrderKind } from '@lib/domain';
import { GraphQLUUID } from '../graphql/uuid.scalar';

@InputType()
export class ApplyForProtectionOrderInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field(() => ProtectionOrderKind)
  kind!: ProtectionOrderKind;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class RecordProtectionOrderIssuedInput {
  @Field(() => GraphQLUUID)
  orderId!: string;

  @Field(() => GraphQLISODateTime)
  issuedAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Short-term: up to 60 days after issuance; long-term: 60 to 180 days.' })
  expiresAt!: Date;

  @Field(() => [ProtectionOrderCondition], { description: 'What the order forbids or requires of the perpetrator: at least one, each once.' })
  conditions!: ProtectionOrderCondition[];

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class ExtendProtectionOrderInput {
  @Field(() => GraphQLUUID)
  orderId!: string;

  @Field(() => GraphQLISODateTime, { description: 'The new expiry, within the maximum term counted from issuance.' })
  expiresAt!: Date;

  @Field()
  idempotencyKey!: string;
}

@InputType()
export class ReportProtectionOrderBreachInput {
  @Field(() => GraphQLUUID)
  orderId!: string;

  @Field(() => GraphQLISODateTime)
  occurredAt!: Date;

  @Field()
  idempotencyKey!: string;
}
