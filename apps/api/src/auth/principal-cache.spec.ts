import { OrganisationType, StaffRole } from '@lib/domain';
import { type Actor } from './actor';
import { PrincipalCache, principalCacheOptionsFromEnv } from './principal-cache';

const actor = (staffId = 's1'): Actor => ({
  staffId,
  username: 'u',
  organisationId: 'o1',
  organisationType: OrganisationType.POLICE,
  region: 'Baku',
  roles: [StaffRole.CASE_MANAGER],
  supervisorId: null,
});
const FAR = new Date(1e13);

function listening(ttlMs = 60_000, maxEntries = 100): PrincipalCache {
  const cache = new PrincipalCache({ ttlMs, maxEntries });
  cache.resume();
  return cache;
}

describe('PrincipalCache', () => {
  it('serves nothing until its change listener is in place, and nothing while it is lost', () => {
    const cache = new PrincipalCache({ ttlMs: 60_000, maxEntries: 10 });
    cache.set('Bearer a', actor(), FAR, cache.ticket(), 0);
    expect(cache.get('Bearer a', 1)).toBeNull();
    cache.resume();
    cache.set('Bearer a', actor(), FAR, cache.ticket(), 0);
    expect(cache.get('Bearer a', 1)?.staffId).toBe('s1');
    cache.suspend();
    expect(cache.get('Bearer a', 1)).toBeNull();
    cache.set('Bearer a', actor(), FAR, cache.ticket(), 0);
    expect(cache.size).toBe(0);
    // Back: empty (whatever changed meanwhile is not served), then filled again.
    cache.resume();
    expect(cache.get('Bearer a', 1)).toBeNull();
  });

  it('forgets everything on a change, and never stores a load that started before it', () => {
    const cache = listening();
    cache.set('Bearer a', actor('a'), FAR, cache.ticket(), 0);
    cache.set('Bearer b', actor('b'), FAR, cache.ticket(), 0);
    const ticket = cache.ticket(); // a request starts reading the member...
    cache.invalidateAll(); // ...a change is announced meanwhile...
    cache.set('Bearer c', actor('c'), FAR, ticket, 0); // ...its (possibly old) result is not kept.
    expect([cache.get('Bearer a', 1), cache.get('Bearer b', 1), cache.get('Bearer c', 1)]).toEqual([null, null, null]);
    const after = cache.ticket();
    cache.set('Bearer c', actor('c'), FAR, after, 0);
    expect(cache.get('Bearer c', 1)?.staffId).toBe('c');
  });

  it('lives at most its TTL and never past the token expiry', () => {
    const cache = listening(1_000);
    cache.set('Bearer a', actor(), FAR, cache.ticket(), 0);
    expect(cache.get('Bearer a', 999)).not.toBeNull();
    expect(cache.get('Bearer a', 1_000)).toBeNull();
    cache.set('Bearer b', actor(), new Date(500), cache.ticket(), 0);
    expect(cache.get('Bearer b', 499)).not.toBeNull();
    expect(cache.get('Bearer b', 500)).toBeNull();
    cache.set('Bearer expired', actor(), new Date(10), cache.ticket(), 20);
    expect(cache.size).toBe(0);
  });

  it('is bounded: the oldest entry goes first', () => {
    const cache = listening(60_000, 2);
    for (const k of ['1', '2', '3']) cache.set(`Bearer ${k}`, actor(k), FAR, cache.ticket(), 0);
    expect(cache.size).toBe(2);
    expect(cache.get('Bearer 1', 1)).toBeNull();
    expect(cache.get('Bearer 3', 1)?.staffId).toBe('3');
  });

  it('is off with a TTL of 0, and hands out frozen actors', () => {
    const off = listening(0);
    off.set('Bearer a', actor(), FAR, off.ticket(), 0);
    expect(off.get('Bearer a', 1)).toBeNull();
    const cache = listening();
    cache.set('Bearer a', actor(), FAR, cache.ticket(), 0);
    const hit = cache.get('Bearer a', 1)!;
    expect(Object.isFrozen(hit) && Object.isFrozen(hit.roles)).toBe(true);
  });

  it('reads its settings from the environment, refusing bad values by name', () => {
    expect(principalCacheOptionsFromEnv({})).toEqual({ ttlMs: 60_000, maxEntries: 10_000 });
    expect(principalCacheOptionsFromEnv({ AUTH_PRINCIPAL_CACHE_TTL_MS: '0', AUTH_PRINCIPAL_CACHE_MAX_ENTRIES: '5' })).toEqual({ ttlMs: 0, maxEntries: 5 });
    expect(() => principalCacheOptionsFromEnv({ AUTH_PRINCIPAL_CACHE_TTL_MS: '-1' })).toThrow(/AUTH_PRINCIPAL_CACHE_TTL_MS/);
    expect(() => principalCacheOptionsFromEnv({ AUTH_PRINCIPAL_CACHE_MAX_ENTRIES: 'x' })).toThrow(/AUTH_PRINCIPAL_CACHE_MAX_ENTRIES/);
  });
});
