import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import {
  NotificationFeedService,
  NotificationPreferencesService,
  WebhookRegistryService,
} from '@lib/notifications';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { TaskModel } from '../tasks/task.model';
import { LiveNotifications } from './live-notifications.service';
import {
  FailedDeliveryModel,
  NotificationConnectionModel,
  NotificationModel,
  NotificationSettingsModel,
  WebhookModel,
  WebhookRegistrationModel,
} from './notification.model';
import {
  NotificationsArgs,
  RegisterWebhookInput,
  SetNotificationContactInput,
  SetNotificationPreferenceInput,
} from './notification.inputs';
import { type SubscriptionContextExtras, closeAtTokenExpiry } from './subscription-options';

function present<T extends object>(view: T & { cursor?: string }): Omit<T, 'cursor'> {
  const { cursor: _cursor, ...rest } = view;
  return rest;
}

@Resolver(() => NotificationModel)
export class NotificationResolver {
  constructor(
    @Inject(NotificationFeedService) private readonly feed: NotificationFeedService,
    @Inject(NotificationPreferencesService) private readonly preferences: NotificationPreferencesService,
    @Inject(WebhookRegistryService) private readonly webhookRegistry: WebhookRegistryService,
    @Inject(LiveNotifications) private readonly live: LiveNotifications,
  ) {}

  @Query(() => NotificationConnectionModel, { description: 'Your notifications, newest first.' })
  async notifications(
    @CurrentActor() actor: Actor,
    @Args() args: NotificationsArgs,
  ): Promise<NotificationConnectionModel> {
    const page = await this.feed.page(actor, args.first, args.after ?? null);
    return {
      edges: page.items.map((item) => ({ cursor: item.cursor, node: present(item) })),
      endCursor: page.endCursor,
      hasNextPage: page.hasNextPage,
    };
  }

  @Query(() => NotificationSettingsModel, {
    description: 'Your e-mail address, language and per-kind channel choices.',
  })
  notificationSettings(@CurrentActor() actor: Actor): Promise<NotificationSettingsModel> {
    return this.preferences.settings(actor);
  }

  @Mutation(() => NotificationSettingsModel, {
    description:
      'Switches one kind on or off on one channel. Escalations cannot be switched off (BAD_USER_INPUT).',
  })
  setNotificationPreference(
    @CurrentActor() actor: Actor,
    @Args('input') input: SetNotificationPreferenceInput,
  ): Promise<NotificationSettingsModel> {
    return this.preferences.set(actor, input.kind, input.channel, input.enabled);
  }

  @Mutation(() => NotificationSettingsModel, {
    description: 'Your work e-mail address and language for notifications.',
  })
  setNotificationContact(
    @CurrentActor() actor: Actor,
    @Args('input') input: SetNotificationContactInput,
  ): Promise<NotificationSettingsModel> {
    return this.preferences.setContact(actor, input.email ?? null, input.language ?? null);
  }

  @Query(() => [WebhookModel], {
    description: "Your organisation's webhooks (administrators and supervisors; others FORBIDDEN).",
  })
  webhooks(@CurrentActor() actor: Actor): Promise<WebhookModel[]> {
    return this.webhookRegistry.list(actor);
  }

  @Mutation(() => WebhookRegistrationModel, {
    description:
      'Registers a webhook for your organisation (administrators and supervisors). The secret is shown only here.',
  })
  registerWebhook(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: RegisterWebhookInput,
  ): Promise<WebhookRegistrationModel> {
    return this.webhookRegistry.register(
      actor,
      { url: input.url, kinds: input.kinds ?? null },
      input.idempotencyKey,
      meta,
    );
  }

  @Mutation(() => WebhookModel, { description: 'Turns a webhook on again (failure count reset) or off.' })
  setWebhookActive(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('webhookId', { type: () => GraphQLUUID }) webhookId: string,
    @Args('active') active: boolean,
  ): Promise<WebhookModel> {
    return this.webhookRegistry.setActive(actor, webhookId, active, meta);
  }

  @Query(() => [FailedDeliveryModel], {
    description:
      "Your organisation's dead-lettered e-mail and webhook deliveries, newest first (administrators and supervisors).",
  })
  failedNotificationDeliveries(
    @CurrentActor() actor: Actor,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<FailedDeliveryModel[]> {
    return this.webhookRegistry.failedDeliveries(actor, first);
  }

  @Subscription(() => TaskModel, {
    description: 'Tasks arriving in your inbox (exactly what the inbox query would show you), live.',
    resolve: (value: unknown) => value,
  })
  inboxTaskAdded(
    @CurrentActor() actor: Actor,
    @Context() ctx: SubscriptionContextExtras,
  ): AsyncIterator<unknown> {
    closeAtTokenExpiry(ctx);
    return this.live.stream(actor, 'inbox');
  }

  @Subscription(() => NotificationModel, {
    description: 'Your notifications (exactly what the notifications query would show you), live.',
    resolve: (value: { cursor?: string }) => present(value),
  })
  notificationReceived(
    @CurrentActor() actor: Actor,
    @Context() ctx: SubscriptionContextExtras,
  ): AsyncIterator<unknown> {
    closeAtTokenExpiry(ctx);
    return this.live.stream(actor, 'notifications');
  }
}
