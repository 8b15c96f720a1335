import { type TokenVerifier as LibTokenVerifier } from '@lib/auth';

/**
 * DI token for the one token verifier of the process (built from the auth configuration at startup): one issuer's,
 * or several routed by issuer (createTokenVerifier).
 */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export type TokenVerifier = LibTokenVerifier;
