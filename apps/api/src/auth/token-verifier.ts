import { Injectable } from '@nestjs/common';

/** Verifies a bearer token and returns its subject (staff member id), or null. Provisional until @lib/auth lands. */
@Injectable()
export class TokenVerifier {
  subject(_token: string): Promise<string | null> {
    return Promise.resolve(null);
  }
}
