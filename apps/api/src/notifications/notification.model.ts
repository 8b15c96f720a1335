import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TaskType } from '@lib/domain';
import { NotificationChannel, NotificationKind, NotificationLanguage } from '@lib/notifications';

registerEnumType(NotificationKind, { name: 'NotificationKind' });
registerEnumType(NotificationChannel, { name: 'NotificationChannel' });
registerEnumType(NotificationLanguage, { name: 'NotificationLanguage' });

/** A notification: what happened, about which task/referral (ids), the case code only where you may see it. */
@ObjectType('Notification')
export class NotificationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => ID, { nullable: true })
  taskId!: string | null;

  @Field(() => TaskType, { nullable: true })
  taskType!: TaskType | null;

  @Field(() => ID, { nullable: true })
  referralId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Null where your organisation may not see the case code.',
  })
  caseCode!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  dueAt!: Date | null;

  @Field({ description: 'Delivered whatever your preferences (escalations, high-risk referrals).' })
  mandatory!: boolean;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('NotificationEdge')
export class NotificationEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => NotificationModel)
  node!: NotificationModel;
}

@ObjectType('NotificationConnection')
export class NotificationConnectionModel {
  @Field(() => [NotificationEdgeModel])
  edges!: NotificationEdgeModel[];

  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType('NotificationPreference')
export class NotificationPreferenceModel {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => NotificationChannel)
  channel!: NotificationChannel;

  @Field()
  enabled!: boolean;

  @Field({ description: 'Cannot be switched off.' })
  mandatory!: boolean;
}

@ObjectType('NotificationSettings')
export class NotificationSettingsModel {
  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => NotificationLanguage)
  language!: NotificationLanguage;

  @Field(() => [NotificationPreferenceModel])
  preferences!: NotificationPreferenceModel[];
}

@ObjectType('Webhook')
export class WebhookModel {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => [NotificationKind], { description: 'Empty: every kind.' })
  kinds!: NotificationKind[];

  @Field()
  active!: boolean;

  @Field(() => Int)
  consecutiveFailures!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  disabledAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('WebhookRegistration')
export class WebhookRegistrationModel {
  @Field(() => WebhookModel)
  webhook!: WebhookModel;

  @Field({ description: 'The signing secret (HMAC-SHA256). Shown only in this answer: store it now.' })
  secret!: string;
}

@ObjectType('FailedDelivery')
export class FailedDeliveryModel {
  @Field(() => ID, { description: 'The delivery id (the X-NRM-Delivery-Id / Message-ID of every attempt).' })
  id!: string;

  @Field(() => ID)
  notificationId!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field()
  channel!: string;

  @Field(() => ID, { nullable: true })
  webhookId!: string | null;

  @Field(() => ID, { nullable: true })
  staffId!: string | null;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'An error code (HTTP_503, ECONNREFUSED, SMTP_550…).' })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime)
  failedAt!: Date;
}
