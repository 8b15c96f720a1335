import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { StaffDirectory } from '@lib/organisations';
import { type Actor } from './actor';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Authorization header → Actor: verifies the bearer token (@lib/auth), then loads the ACTIVE staff member linked to the
 * token's identity (issuer + subject; or, unlinked, whose id is the token's UUID subject) and their organisation from
 * the database. Organisation and roles never come from the token.
 */
@Injectable()
export class ActorResolver {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
  ) {}

  private readonly verified = new VerifiedTokenCache();

  async fromAuthorizationHeader(header: string | string[] | undefined): Promise<Actor> {
    const cached = typeof header === 'string' ? this.verified.get(header) : null;
    const principal = cached ?? (await this.tokens.verifyBearer(header));
    if (!cached && typeof header === 'string') this.verified.set(header, principal);
    // Loaded on every request (the cache holds only the token's identity): a deactivated member is refused at once.
    const actor = await this.staff.findActiveByIdentity(principal);
    if (!actor) throw new DomainError(DomainErrorCode.UNAUTHENTICATED, 'Unknown or inactive staff member');
    return actor;
  }
}
