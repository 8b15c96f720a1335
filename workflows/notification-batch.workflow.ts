import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import {
  DELIVERY_START_TO_CLOSE_MS,
  EMAIL_DELIVERY_RETRY,
  NON_RETRYABLE_TYPES,
  type NotificationActivities,
  type NotificationBatchPlan,
  WEBHOOK_DELIVERY_RETRY,
} from '@lib/contracts';

// Planning and dead-lettering are short database writes: local activities (no activity task through the server),
// idempotent like the others (they run at least once).
const plan = proxyLocalActivities<NotificationActivities>({
  startToCloseTimeout: DELIVERY_START_TO_CLOSE_MS,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
  },
});
const email = proxyActivities<NotificationActivities>({
  startToCloseTimeout: DELIVERY_START_TO_CLOSE_MS,
  retry: { ...EMAIL_DELIVERY_RETRY, nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
});
/**
 * E-mails as a LOCAL activity (same retry policy): the batch then runs in one workflow task, without an activity task
 * through the server and the workflow task that its completion needs (fewer history events, server writes and
 * worker activations per batch). Retries and backoff are the SDK's, as for any local activity (a long backoff
 * becomes a durable timer); a worker that dies mid-send leaves no marker, so the next worker sends again what is still
 * PENDING, with the same delivery ids. Histories from before keep the regular activity (patch below).
 */
const emailLocal = proxyLocalActivities<NotificationActivities>({
  startToCloseTimeout: DELIVERY_START_TO_CLOSE_MS,
  retry: { ...EMAIL_DELIVERY_RETRY, nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
});
const EMAIL_AS_LOCAL_ACTIVITY_PATCH = 'notification-email-local-activity';
/**
 * The relay plans the deliveries in the statement that claims the batch and passes the plan (ids only) in the input:
 * no planning activity, one workflow activation less per batch. A batch started without a plan (restarted by the
 * relay's sweep) is planned here as before; an older worker given a plan ignores it and plans (no-op inserts, the
 * same ids), so the two may run side by side during a deployment.
 */
const PLAN_IN_INPUT_PATCH = 'notification-plan-in-input';
const webhook = proxyActivities<NotificationActivities>({
  startToCloseTimeout: DELIVERY_START_TO_CLOSE_MS,
  retry: { ...WEBHOOK_DELIVERY_RETRY, nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
});

/**
 * Delivers one batch of outbox notifications: plans the deliveries (ids) unless the relay did, then sends the e-mails (a local activity)
 * and each webhook's deliveries side by side, each with its own retries and backoff. Retries exhausted: the deliveries are dead-lettered
 * (visible to the organisation's administrators) instead of failing the workflow. Ids in, nothing personal anywhere.
 */
export async function notificationBatchWorkflow(input: {
  batchId: string;
  /** The deliveries the relay planned when it claimed the batch (ids only); absent: the workflow plans them. */
  plan?: NotificationBatchPlan;
}): Promise<void> {
  const p =
    input.plan && patched(PLAN_IN_INPUT_PATCH)
      ? input.plan
      : await plan.planNotificationBatch({ batchId: input.batchId });
  const branches: Promise<void>[] = [];
  if (p.emailDeliveryIds.length > 0) {
    const sender = patched(EMAIL_AS_LOCAL_ACTIVITY_PATCH) ? emailLocal : email;
    branches.push(
      sender
        .sendNotificationEmails({ deliveryIds: p.emailDeliveryIds })
        .catch(() => plan.recordDeliveryFailure({ deliveryIds: p.emailDeliveryIds, webhookId: null })),
    );
  }
  for (const w of p.webhooks) {
    branches.push(
      webhook
        .deliverWebhook(w)
        .catch(() => plan.recordDeliveryFailure({ deliveryIds: w.deliveryIds, webhookId: w.webhookId })),
    );
  }
  await Promise.all(branches);
}
