/**
 * The notification delivery contract: one workflow per batch of outbox rows (started by the dispatcher with a
 * workflow id derived from the batch id, so a second start of the same batch is refused), activities that take ids
 * only. Each delivery (one recipient or webhook × one notification) is a row whose id is the stable delivery id.
 */
export const NOTIFICATION_BATCH_WORKFLOW = 'notificationBatchWorkflow';

export function notificationBatchWorkflowId(batchId: string): string {
  return `notification-batch-${batchId}`;
}

export interface WebhookDeliveries {
  webhookId: string;
  /** Oldest first: a webhook receives its deliveries in order. */
  deliveryIds: string[];
}

export interface NotificationBatchPlan {
  emailDeliveryIds: string[];
  webhooks: WebhookDeliveries[];
}

export interface NotificationActivities {
  /** Creates the batch's deliveries (recipients, preferences, webhooks; once per notification and target). */
  planNotificationBatch(input: { batchId: string }): Promise<NotificationBatchPlan>;
  /** Sends the e-mails not yet delivered; throws (to be retried) while any fails. */
  sendNotificationEmails(input: { deliveryIds: string[] }): Promise<void>;
  /** Posts the webhook's deliveries not yet delivered, in order; throws (to be retried) at the first failure. */
  deliverWebhook(input: WebhookDeliveries): Promise<void>;
  /** Retries exhausted: dead-letters the deliveries; a webhook failing again and again is disabled. */
  recordDeliveryFailure(input: { deliveryIds: string[]; webhookId: string | null }): Promise<void>;
}

/** Activity names, for the worker's activity map. */
export const NOTIFICATION_ACTIVITY_NAMES = [
  'planNotificationBatch',
  'sendNotificationEmails',
  'deliverWebhook',
  'recordDeliveryFailure',
] as const satisfies readonly (keyof NotificationActivities)[];

/** E-mail: from 1 s, doubling, up to 1 min between attempts, 10 attempts (about 7 minutes). */
export const EMAIL_DELIVERY_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 10,
} as const;

/** Webhooks: from 1 s, doubling, up to 5 min between attempts, 14 attempts (about 40 minutes), then dead-lettered. */
export const WEBHOOK_DELIVERY_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
  maximumAttempts: 14,
} as const;

/** One SMTP or HTTP round per delivery: 30 s bound for the whole call. */
export const DELIVERY_START_TO_CLOSE_MS = 30_000;

/** Consecutive dead-lettered deliveries after which a webhook is disabled (and its administrators told). */
export const WEBHOOK_DISABLE_AFTER_FAILURES = 3;
