import { type Actor } from './actor';

export interface PrincipalCacheOptions {
  /** How long an entry is served at most (and never past its token's expiry); 0 turns the cache off. */
  ttlMs: number;
  /** Entries at most; the oldest is evicted first. */
  maxEntries: number;
}

/**
 * AUTH_PRINCIPAL_CACHE_TTL_MS (0–300000, default 60000; 0 = off: every request loads its staff member) and
 * AUTH_PRINCIPAL_CACHE_MAX_ENTRIES (1–1000000, default 10000), validated with an error naming the variable.
 */
export function principalCacheOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PrincipalCacheOptions {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer between ${min} and ${max}`);
    return n;
  };
  return {
    ttlMs: int('AUTH_PRINCIPAL_CACHE_TTL_MS', 60_000, 0, 300_000),
    maxEntries: int('AUTH_PRINCIPAL_CACHE_MAX_ENTRIES', 10_000, 1, 1_000_000),
  };
}

/** Taken before a load; `set` stores the load's result only if nothing was invalidated meanwhile. */
export type CacheTicket = number & { readonly __ticket: unique symbol };

/**
 * The active staff member (as an Actor) that a bearer token (the exact Authorization header value) resolved to, so a
 * client's repeated requests skip the token check and the staff query. Correct only while EVERY change to staff
 * members and organisations reaches `invalidateAll()` (PrincipalChangeListener: PostgreSQL LISTEN/NOTIFY, on every
 * replica) and only while that path is known to work: `suspend()` (the listening connection is lost) clears the cache
 * and serves nothing until `resume()` (listening again).
 *
 * A load that started before an invalidation is never stored (`ticket()` / `set`): a change committed while a request
 * was reading the old row cannot be cached past the announcement. Only active members are cached (a refused token is
 * loaded again each time, so a reactivation needs nothing). Bounded in size; entries live at most `ttlMs` and never
 * past the token's expiry.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  private generation = 0;
  private listening = false;

  constructor(private readonly options: PrincipalCacheOptions) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.listening;
  }

  get size(): number {
    return this.entries.size;
  }

  get(header: string, now = Date.now()): Actor | null {
    if (!this.enabled) return null;
    const hit = this.entries.get(header);
    if (!hit) return null;
    if (hit.until <= now) {
      this.entries.delete(header);
      return null;
    }
    return hit.actor;
  }

  ticket(): CacheTicket {
    return this.generation as CacheTicket;
  }

  /** Remembers `actor` for `header` unless the cache was invalidated (or suspended) since `ticket` was taken. */
  set(header: string, actor: Actor, expiresAt: Date, ticket: CacheTicket, now = Date.now()): void {
    if (!this.enabled || ticket !== this.generation) return;
    const until = Math.min(expiresAt.getTime(), now + this.options.ttlMs);
    if (until <= now) return;
    this.entries.delete(header);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    // One object serves many concurrent requests: frozen, so code that tried to change it would fail loudly.
    const frozen: Actor = Object.freeze({ ...actor, roles: Object.freeze([...actor.roles]) as Actor['roles'] });
    this.entries.set(header, { actor: frozen, until });
  }

  /** A staff member or organisation changed somewhere: forget everything, and every load in progress. */
  invalidateAll(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** Announcements may be missed from now on: forget everything and serve nothing until `resume()`. */
  suspend(): void {
    this.listening = false;
    this.invalidateAll();
  }

  /** Listening (again): whatever was missed meanwhile is forgotten, and the cache serves from now on. */
  resume(): void {
    this.invalidateAll();
    this.listening = true;
  }
}
