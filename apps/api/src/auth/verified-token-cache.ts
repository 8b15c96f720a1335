import { type VerifiedPrincipal } from '@lib/auth';

/**
 * Remembers verified tokens (the exact header value → principal) until they expire, at most `ttlMs`, so a client's
 * repeated requests skip the ES256 signature check. Only the token's identity is cached: the staff member is still
 * loaded (and must still be active) on every request. Bounded; oldest entries are evicted first.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { principal: VerifiedPrincipal; until: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  get(header: string, now = Date.now()): VerifiedPrincipal | null {
    const hit = this.entries.get(header);
    if (!hit) return null;
    if (hit.until <= now) {
      this.entries.delete(header);
      return null;
    }
    return hit.principal;
  }

  set(header: string, principal: VerifiedPrincipal, now = Date.now()): void {
    const until = Math.min(principal.expiresAt.getTime(), now + this.ttlMs);
    if (until <= now) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(header, { principal, until });
  }
}
