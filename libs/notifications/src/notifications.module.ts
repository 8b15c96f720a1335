import { Module } from '@nestjs/common';
import { NotificationFeedService } from './notification-feed.service';
import { NotificationPreferencesService } from './notification-preferences.service';
import { WebhookRegistryService } from './webhook-registry.service';

/** Notification reads and settings for the API. Needs the global PersistenceModule, CryptoModule and AuditModule. */
@Module({
  providers: [NotificationFeedService, NotificationPreferencesService, WebhookRegistryService],
  exports: [NotificationFeedService, NotificationPreferencesService, WebhookRegistryService],
})
export class NotificationsModule {}
