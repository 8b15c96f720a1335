import { resolve } from 'node:path';

export const LOCAL_ISSUER = 'nrm-local';
export const LOCAL_AUDIENCE = 'nrm-api';
/** Algorithms accepted from an external OIDC issuer (never `none`, never HMAC: the key is public). */
export const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const;

/** Longest token lifetime (exp - iat) accepted by default: 12 h. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
/** Bounds of AUTH_MAX_TOKEN_LIFETIME: at least a minute, at most a week. */
export const MAX_TOKEN_LIFETIME_BOUNDS = { min: 60, max: 7 * 24 * 3600 } as const;

interface TokenLifetimeConfig {
  /**
   * Tokens whose lifetime (exp - iat) is longer than this are refused, and so are tokens without iat or exp
   * (AUTH_MAX_TOKEN_LIFETIME; default 12 h).
   */
  maxTokenLifetimeSeconds?: number;
  /**
   * Further OpenID providers whose tokens are accepted beside this configuration's (e.g. the embedded provider of
   * `npm start` beside local `npm run token` tokens). A token is routed by its `iss` to the one verifier with exactly
   * that issuer, then fully verified by it (see IssuerRoutingVerifier). Each inherits maxTokenLifetimeSeconds when
   * it sets none.
   */
  additionalIssuers?: readonly OidcAuthConfig[];
}

export interface OidcAuthConfig extends TokenLifetimeConfig {
  mode: 'oidc';
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Claim holding the staff member id (a UUID). Default `sub`. */
  staffIdClaim: string;
  /**
   * The claim a staff member's linked identity is matched on, with the issuer: `sub` (default) or `email` (only when
   * the token says `email_verified: true`). OIDC_IDENTITY_CLAIM.
   */
  identityClaim?: 'sub' | 'email';
}

export interface LocalAuthConfig extends TokenLifetimeConfig {
  mode: 'local';
  /** Directory of the local signing key pair (`<repo>/.data/keys`), created 0700, files 0600. */
  keyDir: string;
  issuer: typeof LOCAL_ISSUER;
  audience: typeof LOCAL_AUDIENCE;
}

export type AuthConfig = OidcAuthConfig | LocalAuthConfig;

/** `<repo>/.data` (or NRM_DATA_DIR): the same place @lib/persistence keeps the embedded cluster. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NRM_DATA_DIR) return resolve(env.NRM_DATA_DIR);
  // libs/auth/src → repo root; compiled: dist/libs/auth/src → repo root
  const parts = __dirname.split(/[\\/]/);
  const up = parts.includes('dist') ? ['..', '..', '..', '..'] : ['..', '..', '..'];
  return resolve(__dirname, ...up, '.data');
}

export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(defaultDataDir(env), 'keys');
}

export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

/** Parses `12h`, `90m` or `3600` (seconds) into seconds; null when malformed. */
export function parseDurationSeconds(text: string): number | null {
  const m = /^(\d{1,9})([smh]?)$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : n;
}

/** AUTH_MAX_TOKEN_LIFETIME (`12h`, `90m`, seconds), within MAX_TOKEN_LIFETIME_BOUNDS; default 12 h. */
export function maxTokenLifetimeFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AUTH_MAX_TOKEN_LIFETIME;
  if (raw === undefined || raw === '') return DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const seconds = parseDurationSeconds(raw);
  if (
    seconds === null ||
    seconds < MAX_TOKEN_LIFETIME_BOUNDS.min ||
    seconds > MAX_TOKEN_LIFETIME_BOUNDS.max
  ) {
    throw new AuthConfigError(
      'AUTH_MAX_TOKEN_LIFETIME must be a duration (12h, 90m or seconds) from 1 minute to 7 days',
    );
  }
  return seconds;
}

function identityClaimFromEnv(value: string | undefined): 'sub' | 'email' {
  if (value === undefined || value === '' || value === 'sub') return 'sub';
  if (value === 'email') return 'email';
  throw new AuthConfigError('OIDC_IDENTITY_CLAIM must be sub or email');
}

/** The claim linked identities are matched on (local tokens: always `sub`). */
export function identityClaimOf(config: AuthConfig): 'sub' | 'email' {
  return config.mode === 'oidc' ? (config.identityClaim ?? 'sub') : 'sub';
}

/**
 * Reads the auth configuration. With OIDC_ISSUER set (or AUTH_MODE=oidc), OIDC_JWKS_URL and OIDC_AUDIENCE are
 * required; otherwise local mode (embedded/dev): a key pair under `<repo>/.data/keys` (AUTH_KEY_DIR overrides),
 * issuer `nrm-local`, audience `nrm-api`. AUTH_MODE=local with NODE_ENV=production is refused unless
 * AUTH_ALLOW_LOCAL_IN_PRODUCTION=true. AUTH_MAX_TOKEN_LIFETIME caps token lifetime in both modes (default 12 h).
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const maxTokenLifetimeSeconds = maxTokenLifetimeFromEnv(env);
  const mode = env.AUTH_MODE ?? (env.OIDC_ISSUER ? 'oidc' : 'local');
  if (mode === 'oidc') {
    const missing = ['OIDC_ISSUER', 'OIDC_JWKS_URL', 'OIDC_AUDIENCE'].filter((k) => !env[k]);
    if (missing.length > 0) throw new AuthConfigError(`OIDC mode needs ${missing.join(', ')}`);
    const jwksUrl = env.OIDC_JWKS_URL as string;
    let url: URL;
    try {
      url = new URL(jwksUrl);
    } catch {
      throw new AuthConfigError('OIDC_JWKS_URL is not a URL');
    }
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '::1';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
      throw new AuthConfigError('OIDC_JWKS_URL must use https (http only for localhost)');
    }
    return {
      mode: 'oidc',
      issuer: env.OIDC_ISSUER as string,
      audience: env.OIDC_AUDIENCE as string,
      jwksUrl,
      staffIdClaim: env.OIDC_STAFF_ID_CLAIM ?? 'sub',
      maxTokenLifetimeSeconds,
      identityClaim: identityClaimFromEnv(env.OIDC_IDENTITY_CLAIM),
    };
  }
  if (mode !== 'local') throw new AuthConfigError(`AUTH_MODE must be oidc or local, not ${mode}`);
  if (env.NODE_ENV === 'production' && env.AUTH_ALLOW_LOCAL_IN_PRODUCTION !== 'true') {
    throw new AuthConfigError('local token mode is for development; configure OIDC_ISSUER in production');
  }
  return {
    mode: 'local',
    keyDir: env.AUTH_KEY_DIR ? resolve(env.AUTH_KEY_DIR) : defaultKeyDir(env),
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    maxTokenLifetimeSeconds,
  };
}
