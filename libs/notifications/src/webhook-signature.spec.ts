import { WEBHOOK_TOLERANCE_SECONDS, newWebhookSecret, signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const secret = newWebhookSecret();
  const body = '{"deliveryId":"d1","kind":"NEW_REFERRAL"}';
  const ts = 1_800_000_000;
  const headers = { signature: signWebhook(secret, ts, body), timestamp: String(ts) };

  it('accepts the signed body within the tolerance', () => {
    expect(verifyWebhook(secret, headers, body, ts + WEBHOOK_TOLERANCE_SECONDS)).toBe('OK');
  });

  it('refuses a changed body, another secret, or a changed timestamp', () => {
    expect(verifyWebhook(secret, headers, body.replace('d1', 'd2'), ts)).toBe('BAD_SIGNATURE');
    expect(verifyWebhook(newWebhookSecret(), headers, body, ts)).toBe('BAD_SIGNATURE');
    expect(verifyWebhook(secret, { ...headers, timestamp: String(ts + 1) }, body, ts)).toBe('BAD_SIGNATURE');
  });

  it('refuses a replay outside the tolerance (either side), and malformed headers', () => {
    expect(verifyWebhook(secret, headers, body, ts + WEBHOOK_TOLERANCE_SECONDS + 1)).toBe('STALE');
    expect(verifyWebhook(secret, headers, body, ts - WEBHOOK_TOLERANCE_SECONDS - 1)).toBe('STALE');
    expect(verifyWebhook(secret, { signature: undefined, timestamp: String(ts) }, body, ts)).toBe(
      'MALFORMED',
    );
    expect(verifyWebhook(secret, { ...headers, timestamp: '1e9' }, body, ts)).toBe('MALFORMED');
  });

  it('new secrets are random and prefixed', () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
