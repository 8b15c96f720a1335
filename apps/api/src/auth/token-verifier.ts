import { BearerVerifier } from '@lib/auth';

/** DI token for the one BearerVerifier of the process (built from the auth configuration at startup). */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export type TokenVerifier = BearerVerifier;
