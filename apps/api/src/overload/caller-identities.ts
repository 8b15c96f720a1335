import { type BearerVerifier } from '@lib/auth';
import { type StaffDirectory } from '@lib/organisations';

/** Whose budget a request spends: a verified, active staff member (and their organisation), or an address. */
export type Caller = { kind: 'staff'; staffId: string; organisationId: string } | { kind: 'anonymous' };

const ANONYMOUS: Caller = Object.freeze({ kind: 'anonymous' });

interface Entry {
  caller: Caller;
  until: number;
}

/**
 * Authorization header → the caller whose rate-limit budget the request spends. The token is VERIFIED (the API's
 * BearerVerifier: signature, issuer, audience, lifetime) and its identity looked up among ACTIVE staff
 * (StaffDirectory, the query the auth guard runs); anything else (no token, a forged or expired one, an unknown or
 * inactive member) is anonymous and spends the client address's budget, never a staff member's.
 *
 * Results are remembered per header value for at most `ttlMs` (and never past the token's expiry), so a client's
 * repeated requests cost two map lookups. This decides only which budget is spent: authentication and authorization
 * stay with the auth guard, which verifies and loads the member on every request. A change (deactivation, a move to
 * another organisation) reaches the budgets within `ttlMs`. Bounded: the oldest entries are evicted first.
 */
export class CallerIdentities {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Caller>>();

  constructor(
    private readonly verifier: Pick<BearerVerifier, 'verifyBearer'>,
    private readonly staff: Pick<StaffDirectory, 'findActiveByIdentity'>,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The caller when known without any work (no header, or a remembered header); undefined when it must be resolved. */
  peek(header: string | string[] | undefined, now = Date.now()): Caller | undefined {
    if (header === undefined || header === '') return ANONYMOUS;
    if (typeof header !== 'string') return ANONYMOUS; // a repeated header is refused by the guard
    const hit = this.entries.get(header);
    if (!hit) return undefined;
    if (hit.until <= now) {
      this.entries.delete(header);
      return undefined;
    }
    return hit.caller;
  }

  /** Verifies the token and looks its identity up (once per header at a time); remembered for the next requests. */
  resolve(header: string | string[] | undefined): Promise<Caller> {
    const known = this.peek(header);
    if (known) return Promise.resolve(known);
    const key = header as string;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.lookUp(key).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private async lookUp(header: string): Promise<Caller> {
    const now = Date.now();
    let principal;
    try {
      principal = await this.verifier.verifyBearer(header);
    } catch {
      // Forged, expired, malformed: the address's budget. Remembered briefly (a flood of one bad token costs one
      // signature check per 10 s), not longer: an identity provider's key outage must not stick to a good token.
      this.remember(header, ANONYMOUS, now + Math.min(this.ttlMs, 10_000), now);
      return ANONYMOUS;
    }
    let member;
    try {
      member = await this.staff.findActiveByIdentity(principal);
    } catch {
      return ANONYMOUS; // the database is unreachable: nothing remembered; the guard refuses the request anyway
    }
    const caller: Caller = member
      ? { kind: 'staff', staffId: member.staffId, organisationId: member.organisationId }
      : ANONYMOUS;
    this.remember(header, caller, Math.min(principal.expiresAt.getTime(), now + this.ttlMs), now);
    return caller;
  }

  private remember(header: string, caller: Caller, until: number, now: number): void {
    if (until <= now) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(header, { caller, until });
  }
}
