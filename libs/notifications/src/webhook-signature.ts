import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (documented for receivers in docs/notifications.md):
 *   X-NRM-Timestamp: <unix seconds>
 *   X-NRM-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *   X-NRM-Delivery-Id: <uuid, the same on every retry>
 * The receiver recomputes the HMAC over the raw body, compares in constant time, refuses a timestamp further than
 * WEBHOOK_TOLERANCE_SECONDS from its clock (a replayed request is stale), and deduplicates on the delivery id.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
export const SIGNATURE_HEADER = 'x-nrm-signature';
export const TIMESTAMP_HEADER = 'x-nrm-timestamp';
export const DELIVERY_ID_HEADER = 'x-nrm-delivery-id';

/** A new signing secret: 32 random bytes, prefixed so it is recognisable in a secret scanner. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type WebhookCheck = 'OK' | 'BAD_SIGNATURE' | 'STALE' | 'MALFORMED';

/** The receiver's check (also what our tests run): signature over timestamp + body, and the replay window. */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds: number = WEBHOOK_TOLERANCE_SECONDS,
): WebhookCheck {
  const ts = Number(headers.timestamp);
  if (
    !headers.signature ||
    !headers.timestamp ||
    !/^\d+$/.test(headers.timestamp) ||
    !Number.isSafeInteger(ts)
  ) {
    return 'MALFORMED';
  }
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'BAD_SIGNATURE';
  if (Math.abs(nowSeconds - ts) > toleranceSeconds) return 'STALE';
  return 'OK';
}
