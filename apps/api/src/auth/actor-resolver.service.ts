import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { StaffDirectory } from '@lib/organisations';
import { type Actor } from './actor';
import { PrincipalCache } from './principal-cache';
import { PrincipalChangeListener } from './principal-change.listener';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Authorization header → Actor: verifies the bearer token (@lib/auth), then loads the ACTIVE staff member linked to the
 * token's identity (issuer + subject; or, unlinked, whose id is the token's UUID subject) and their organisation from
 * the database. Organisation and roles never come from the token.
 *
 * The result is remembered per header value (PrincipalCache) until the token expires, at most the cache's TTL, and
 * forgotten on every replica when any staff member or organisation changes (PrincipalChangeListener); a hit is served
 * only after a round trip on the listening connection that started after the request arrived, so a deactivated
 * member or a removed role takes effect on the next request everywhere. A token that is refused is not
 * remembered.
 */
@Injectable()
export class ActorResolver {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(PrincipalCache) private readonly principals: PrincipalCache,
    @Inject(PrincipalChangeListener) private readonly changes: PrincipalChangeListener,
  ) {}

  private readonly verified = new VerifiedTokenCache();

  async fromAuthorizationHeader(header: string | string[] | undefined): Promise<Actor> {
    if (typeof header === 'string' && this.principals.get(header)) {
      // A change committed before this request may not have been read from the LISTEN connection yet: wait for one
      // round trip on it (shared with concurrent requests), then serve the entry only if it survived.
      if (await this.changes.caughtUp()) {
        const known = this.principals.get(header);
        if (known) return known;
      }
    }
    // Taken before the token's member is read: a change announced meanwhile keeps this load out of the cache.
    const ticket = this.principals.ticket();
    const cached = typeof header === 'string' ? this.verified.get(header) : null;
    const principal = cached ?? (await this.tokens.verifyBearer(header));
    if (!cached && typeof header === 'string') this.verified.set(header, principal);
    const actor = await this.staff.findActiveByIdentity(principal);
    if (!actor) throw new DomainError(DomainErrorCode.UNAUTHENTICATED, 'Unknown or inactive staff member');
    if (typeof header === 'string') this.principals.set(header, actor, principal.expiresAt, ticket);
    return actor;
  }
}
