import { Inject, Injectable } from '@nestjs/common';
import { StaffDirectory } from '@lib/organisations';
import { type Actor } from './actor';
import { TokenVerifier } from './token-verifier';

/** Bearer token → Actor: verifies the token, then loads the ACTIVE staff member and their organisation. */
@Injectable()
export class ActorResolver {
  constructor(
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
  ) {}

  async fromBearerToken(token: string): Promise<Actor | null> {
    const subject = await this.tokens.subject(token);
    if (subject === null) return null;
    return this.staff.findActive({ id: subject });
  }
}
