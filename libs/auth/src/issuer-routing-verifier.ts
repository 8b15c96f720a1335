import { DomainError, DomainErrorCode } from '@lib/domain';
import { decodeJwt } from 'jose';
import { type AuthConfig } from './auth-config';
import {
  BearerVerifier,
  type BearerVerifierOptions,
  MAX_TOKEN_LENGTH,
  type TokenVerifier,
  type VerifiedPrincipal,
  bearerTokenOf,
} from './bearer-verifier';

function unauthenticated(message: string): DomainError {
  return new DomainError(DomainErrorCode.UNAUTHENTICATED, message);
}

/**
 * Accepts tokens from several issuers (e.g. local `npm run token` tokens and the embedded OpenID provider's). The
 * unverified payload's `iss` is read ONLY to pick the configured verifier whose issuer is exactly that string; an
 * unknown issuer is UNAUTHENTICATED. The chosen verifier then checks everything (signature with that issuer's own
 * key, iss, aud, exp, iat, lifetime), so a token claiming issuer A but signed with B's key fails A's signature check.
 */
export class IssuerRoutingVerifier implements TokenVerifier {
  private readonly byIssuer: ReadonlyMap<string, BearerVerifier>;

  constructor(verifiers: readonly BearerVerifier[]) {
    const byIssuer = new Map<string, BearerVerifier>();
    for (const v of verifiers) {
      if (byIssuer.has(v.issuer)) throw new Error('Two token verifiers with the same issuer');
      byIssuer.set(v.issuer, v);
    }
    if (byIssuer.size === 0) throw new Error('No token verifier');
    this.byIssuer = byIssuer;
  }

  /** The issuers accepted, in configuration order. */
  get issuers(): string[] {
    return [...this.byIssuer.keys()];
  }

  async verifyBearer(header: string | string[] | undefined | null): Promise<VerifiedPrincipal> {
    return this.verifyToken(bearerTokenOf(header));
  }

  async verifyToken(token: string): Promise<VerifiedPrincipal> {
    if (token.length > MAX_TOKEN_LENGTH) throw unauthenticated('Invalid token');
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthenticated('Invalid token');
    }
    const verifier = typeof issuer === 'string' ? this.byIssuer.get(issuer) : undefined;
    if (!verifier) throw unauthenticated('Unknown token issuer');
    return verifier.verifyToken(token);
  }
}

/**
 * The process's token verifier: the configured issuer's BearerVerifier, or, when the configuration lists
 * additionalIssuers, an IssuerRoutingVerifier over it and each of them.
 */
export async function createTokenVerifier(
  config: AuthConfig,
  options: BearerVerifierOptions = {},
): Promise<TokenVerifier> {
  const additional = config.additionalIssuers ?? [];
  if (additional.length === 0) return BearerVerifier.create(config, options);
  const verifiers = await Promise.all([
    BearerVerifier.create(config, options),
    ...additional.map((extra) => {
      if (extra.additionalIssuers?.length) throw new Error('additionalIssuers do not nest');
      return BearerVerifier.create(
        {
          ...extra,
          maxTokenLifetimeSeconds: extra.maxTokenLifetimeSeconds ?? config.maxTokenLifetimeSeconds,
        },
        options,
      );
    }),
  ]);
  return new IssuerRoutingVerifier(verifiers);
}
