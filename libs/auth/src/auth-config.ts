import { resolve } from 'node:path';

export const LOCAL_ISSUER = 'nrm-local';
export const LOCAL_AUDIENCE = 'nrm-api';
/** Algorithms accepted from an external OIDC issuer (never `none`, never HMAC: the key is public). */
export const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const;

export interface OidcAuthConfig {
  mode: 'oidc';
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Claim holding the staff member id (a UUID). Default `sub`. */
  staffIdClaim: string;
}

export interface LocalAuthConfig {
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

/**
 * Reads the auth configuration. With OIDC_ISSUER set (or AUTH_MODE=oidc), OIDC_JWKS_URL and OIDC_AUDIENCE are
 * required; otherwise local mode (embedded/dev): a key pair under `<repo>/.data/keys` (AUTH_KEY_DIR overrides),
 * issuer `nrm-local`, audience `nrm-api`. AUTH_MODE=local with NODE_ENV=production is refused unless
 * AUTH_ALLOW_LOCAL_IN_PRODUCTION=true.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
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
  };
}
