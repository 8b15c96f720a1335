import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { NotificationSettingsEntity } from './notification-settings.entity';
import { NotificationEntity } from './notification.entity';
import { OrganisationWebhookEntity } from './organisation-webhook.entity';

/** The notification tables' entities (registered in @lib/persistence ENTITIES). */
export const NOTIFICATION_ENTITIES = [
  NotificationEntity,
  NotificationDeliveryEntity,
  NotificationPreferenceEntity,
  NotificationSettingsEntity,
  OrganisationWebhookEntity,
];
