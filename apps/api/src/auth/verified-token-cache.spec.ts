import { VerifiedTokenCache } from './verified-token-cache';

const principal = (expiresAt: number) => ({ staffId: 's', issuer: 'i', subject: 's', tokenId: null, expiresAt: new Date(expiresAt) });

describe('VerifiedTokenCache', () => {
  it('returns a principal until the token expires, never after', () => {
    const cache = new VerifiedTokenCache(10, 60_000);
    cache.set('Bearer a', principal(1_000 + 5_000), 1_000);
    expect(cache.get('Bearer a', 5_999)?.staffId).toBe('s');
    expect(cache.get('Bearer a', 6_000)).toBeNull();
  });

  it('caps the lifetime at its ttl, ignores expired tokens and evicts the oldest entry when full', () => {
    const cache = new VerifiedTokenCache(2, 1_000);
    cache.set('Bearer a', principal(1e12), 0);
    expect(cache.get('Bearer a', 1_000)).toBeNull();
    cache.set('Bearer old', principal(10), 20);
    expect(cache.get('Bearer old', 20)).toBeNull();
    cache.set('Bearer 1', principal(1e12), 0);
    cache.set('Bearer 2', principal(1e12), 0);
    cache.set('Bearer 3', principal(1e12), 0);
    expect(cache.get('Bearer 1', 1)).toBeNull();
    expect(cache.get('Bearer 3', 1)?.staffId).toBe('s');
  });
});
