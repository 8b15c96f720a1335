import { DomainError, DomainErrorCode } from '@lib/domain';
import {
  type CryptoKey,
  type JWTPayload,
  type JWTVerifyGetKey,
  createRemoteJWKSet,
  errors,
  jwtVerify,
} from 'jose';
import {
  type AuthConfig,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  type LocalAuthConfig,
  OIDC_ALGORITHMS,
} from './auth-config';
import { LOCAL_ALGORITHM, loadOrCreateLocalKeyPair } from './local-keys';

/** What a verified token proves: who the caller is. Organisation and roles come from the database, not the token. */
export interface VerifiedPrincipal {
  /** The token's subject when it is a staff member's UUID (local tokens, the demo), lower-cased; else null. */
  staffId: string | null;
  /** The issuer and the value of the identity claim (`sub`, or the verified e-mail lower-cased): a linked identity. */
  issuer: string;
  subject: string;
  /** Token id (jti) when present, for audit correlation. */
  tokenId: string | null;
  expiresAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_TOKEN_LENGTH = 8192;
/** Allowed clock skew between issuer and API. */
const CLOCK_TOLERANCE_SECONDS = 30;

function unauthenticated(message: string): DomainError {
  return new DomainError(DomainErrorCode.UNAUTHENTICATED, message);
}

/** What the API needs of a token verifier: one issuer's (BearerVerifier) or several, routed by issuer. */
export interface TokenVerifier {
  /** Parses the Authorization header value and verifies the token. */
  verifyBearer(header: string | string[] | undefined | null): Promise<VerifiedPrincipal>;
  /** Verifies a compact JWT. */
  verifyToken(token: string): Promise<VerifiedPrincipal>;
}

/** The compact JWT of an `Authorization: Bearer <jwt>` header value; UNAUTHENTICATED when missing or malformed. */
export function bearerTokenOf(header: string | string[] | undefined | null): string {
  if (header === undefined || header === null || header === '') throw unauthenticated('Missing bearer token');
  if (Array.isArray(header)) throw unauthenticated('Malformed authorization header');
  const match = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) *$/i.exec(header);
  if (!match) throw unauthenticated('Malformed authorization header');
  return match[1] as string;
}

export interface BearerVerifierOptions {
  /** Override the clock (tests). */
  currentDate?: () => Date;
}

/**
 * Verifies `Authorization: Bearer <jwt>` headers against the configured issuer: an OIDC provider's JWKS
 * (fetched and cached by jose) or the local ES256 key. Checks signature, algorithm, `iss`, `aud`, `exp` and `iat`
 * (both required), `nbf`; a lifetime (exp - iat) over the configured cap (12 h by default) or an `iat` in the future
 * is refused, so a stolen or mis-issued long-lived token is useless; the staff id claim must be a UUID. Every failure is DomainError UNAUTHENTICATED with a
 * short reason and no token content.
 */
export class BearerVerifier implements TokenVerifier {
  private constructor(
    private readonly key: CryptoKey | JWTVerifyGetKey,
    /** The one issuer (`iss`) this verifier accepts. */
    readonly issuer: string,
    private readonly audience: string,
    private readonly algorithms: string[],
    private readonly staffIdClaim: string,
    private readonly maxLifetimeSeconds: number,
    private readonly identityClaim: 'sub' | 'email',
    private readonly options: BearerVerifierOptions,
  ) {}

  static async create(config: AuthConfig, options: BearerVerifierOptions = {}): Promise<BearerVerifier> {
    const maxLifetime = config.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    switch (config.mode) {
      case 'oidc':
        return new BearerVerifier(
          createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 }),
          config.issuer,
          config.audience,
          [...OIDC_ALGORITHMS],
          config.staffIdClaim,
          maxLifetime,
          config.identityClaim ?? 'sub',
          options,
        );
      case 'local': {
        const pair = await loadOrCreateLocalKeyPair(config.keyDir);
        return new BearerVerifier(
          pair.publicKey,
          config.issuer,
          config.audience,
          [LOCAL_ALGORITHM],
          'sub',
          maxLifetime,
          'sub',
          options,
        );
      }
    }
  }

  /** Local mode, from an explicit config (convenience for tests and the CLI). */
  static forLocal(config: LocalAuthConfig, options: BearerVerifierOptions = {}): Promise<BearerVerifier> {
    return BearerVerifier.create(config, options);
  }

  /** Parses the Authorization header value and verifies the token. */
  async verifyBearer(header: string | string[] | undefined | null): Promise<VerifiedPrincipal> {
    return this.verifyToken(bearerTokenOf(header));
  }

  /** Verifies a compact JWT. */
  async verifyToken(token: string): Promise<VerifiedPrincipal> {
    if (token.length > MAX_TOKEN_LENGTH) throw unauthenticated('Invalid token');
    let payload: JWTPayload;
    try {
      const result = await jwtVerify(token, this.key as CryptoKey, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: this.algorithms,
        requiredClaims: ['exp', 'iat', this.identityClaim],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        // Also refuses an iat in the future (beyond the tolerance): a far-future iat would dodge the lifetime cap.
        maxTokenAge: this.maxLifetimeSeconds,
        ...(this.options.currentDate ? { currentDate: this.options.currentDate() } : {}),
      });
      payload = result.payload;
    } catch (e) {
      throw unauthenticated(reasonOf(e));
    }
    // exp and iat are numbers here (jose checked them); the lifetime the issuer granted must be within the cap.
    if ((payload.exp as number) - (payload.iat as number) > this.maxLifetimeSeconds) {
      throw unauthenticated('Token lifetime too long');
    }
    const subject = this.subjectOf(payload);
    const staffId = payload[this.staffIdClaim];
    return {
      staffId: typeof staffId === 'string' && UUID.test(staffId) ? staffId.toLowerCase() : null,
      issuer: this.issuer,
      subject,
      tokenId: typeof payload.jti === 'string' ? payload.jti : null,
      expiresAt: new Date((payload.exp as number) * 1000),
    };
  }

  /** The identity claim's value: `sub` as issued, or the e-mail (lower-cased) only when the provider verified it. */
  private subjectOf(payload: JWTPayload): string {
    const value = payload[this.identityClaim];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SUBJECT_LENGTH) {
      throw unauthenticated('Invalid token subject');
    }
    if (this.identityClaim === 'email') {
      if (payload.email_verified !== true) throw unauthenticated('Unverified e-mail');
      return value.toLowerCase();
    }
    return value;
  }
}

const MAX_SUBJECT_LENGTH = 255;

function reasonOf(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'Token expired';
  if (e instanceof errors.JWTClaimValidationFailed) return `Invalid token claim ${e.claim}`;
  if (e instanceof errors.JWKSTimeout) return 'Token verification unavailable';
  if (e instanceof errors.JWKSNoMatchingKey) return 'Unknown signing key';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'Token algorithm not allowed';
  return 'Invalid token';
}
