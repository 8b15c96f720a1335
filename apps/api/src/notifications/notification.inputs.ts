import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { NotificationChannel, NotificationKind, NotificationLanguage } from '@lib/notifications';

@ArgsType()
export class NotificationsArgs {
  @Field(() => Int, { defaultValue: 20 })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@InputType()
export class SetNotificationPreferenceInput {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => NotificationChannel)
  channel!: NotificationChannel;

  @Field()
  enabled!: boolean;
}

@InputType()
export class SetNotificationContactInput {
  @Field(() => String, { nullable: true, description: 'Your work e-mail address; null: no e-mail.' })
  email?: string | null;

  @Field(() => NotificationLanguage, { nullable: true, description: 'az (default), en or ru.' })
  language?: NotificationLanguage | null;
}

@InputType()
export class RegisterWebhookInput {
  @Field({ description: 'https (http only on loopback).' })
  url!: string;

  @Field(() => [NotificationKind], { nullable: true, description: 'Omitted or empty: every kind.' })
  kinds?: NotificationKind[] | null;

  @Field()
  idempotencyKey!: string;
}
