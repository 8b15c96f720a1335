import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { StaffDirectory } from '@lib/organisations';
import { type Actor } from './actor';
import { PrincipalCache } from './principal-cache';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Authorization header → Actor: verifies the bearer token (@lib/auth), then loads the ACTIVE staff member linked to the
 * token's identity (issuer + subject; or, unlinked, whose id is the token's UUID subject) and their organisation from
 * the database. Organisation and roles never come from the token.
 *
 * The result is remembered per header value (PrincipalCache) until the token expires, at most the cache's TTL, and
 * forgotten at once on every replica when any staff member or organisation changes (PrincipalChangeListener): a
 * deactivated member or a removed role takes effect on the next request everywhere. A token that is refused is not
 * remembered.
 */
@Injectable()
export class ActorResolver {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(PrincipalCache) private readonly principals: PrincipalCache,
  ) {}

  private readonly verified = new VerifiedTokenCache();

  async fromAuthorizationHeader(header: string | string[] | undefined): Promise<Actor> {
    const known = typeof header === 'string' ? this.principals.get(header) : null;
    if (known) return known;
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
