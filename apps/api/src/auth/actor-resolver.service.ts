import { Inject, Injectable } from '@nestjs/common';
import { BearerVerifier } from '@lib/auth';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { StaffDirectory } from '@lib/organisations';
import { type Actor } from './actor';
import { TOKEN_VERIFIER } from './token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Authorization header → Actor: verifies the bearer token (@lib/auth), then loads the ACTIVE staff member and their
 * organisation from the database. Organisation and roles never come from the token.
 */
@Injectable()
export class ActorResolver {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly tokens: BearerVerifier,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
  ) {}

  private readonly verified = new VerifiedTokenCache();

  async fromAuthorizationHeader(header: string | string[] | undefined): Promise<Actor> {
    const cached = typeof header === 'string' ? this.verified.get(header) : null;
    const principal = cached ?? (await this.tokens.verifyBearer(header));
    if (!cached && typeof header === 'string') this.verified.set(header, principal);
    const actor = await this.staff.findActive({ id: principal.staffId });
    if (!actor) throw new DomainError(DomainErrorCode.UNAUTHENTICATED, 'Unknown or inactive staff member');
    return actor;
  }
}
