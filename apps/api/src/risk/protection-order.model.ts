import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ProtectionOrderCondition, ProtectionOrderIssuer, ProtectionOrderKind, ProtectionOrderStatus } from '@lib/domain';

@ObjectType('ProtectionOrderBreach')
export class ProtectionOrderBreachModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The organisation that reported it.' })
  reporterOrganisationId!: string;

  @Field(() => GraphQLISODateTime)
  occurredAt!: Date;

  @Field(() => GraphQLISODateTime)
  reportedAt!: Date;
}

/** A protection order: kinds, dates, ids (no free text, no personal data). */
@ObjectType('ProtectionOrder')
export class ProtectionOrderModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  caseId!: string;

  @Field(() => ProtectionOrderKind)
  kind!: ProtectionOrderKind;

  @Field(() => ProtectionOrderIssuer, { description: 'Short-term: the executive authority; long-term: a court.' })
  issuer!: ProtectionOrderIssuer;

  @Field(() => ProtectionOrderStatus)
  status!: ProtectionOrderStatus;

  @Field(() => GraphQLISODateTime)
  appliedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'A short-term order must be issued by then (24 h).' })
  issueDueAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  issuedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the owner and the police are alerted before expiry.' })
  alertAt!: Date | null;

  @Field(() => Int)
  extensionCount!: number;

  @Field(() => [ProtectionOrderCondition], { description: 'What the issued order forbids or requires (empty until issued).' })
  conditions!: ProtectionOrderCondition[];

  @Field(() => [ProtectionOrderBreachModel])
  breaches!: ProtectionOrderBreachModel[];
}
