import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, defaultKeyDir } from './auth-config';
import { LOCAL_ALGORITHM, loadOrCreateLocalKeyPair } from './local-keys';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DEFAULT_LOCAL_TOKEN_TTL_SECONDS = 12 * 3600;
/** Upper bound on local token lifetime (24 h). */
export const MAX_LOCAL_TOKEN_TTL_SECONDS = 24 * 3600;

export interface IssueLocalTokenOptions {
  keyDir?: string;
  /** Issue time (tests); default now. */
  now?: Date;
}

/**
 * Signs a local token (ES256, iss `nrm-local`, aud `nrm-api`, sub = staff id, iat, exp, jti, kid header) with the
 * key under `keyDir` (generated if missing). The token carries identity only: no organisation, no roles.
 */
export async function issueLocalToken(
  staffId: string,
  ttlSeconds: number = DEFAULT_LOCAL_TOKEN_TTL_SECONDS,
  options: IssueLocalTokenOptions = {},
): Promise<string> {
  if (!UUID.test(staffId)) throw new RangeError('staffId must be a UUID');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > MAX_LOCAL_TOKEN_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be an integer in 1..${MAX_LOCAL_TOKEN_TTL_SECONDS}`);
  }
  const pair = await loadOrCreateLocalKeyPair(options.keyDir ?? defaultKeyDir());
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: LOCAL_ALGORITHM, kid: pair.kid, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(staffId.toLowerCase())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti(randomUUID())
    .sign(pair.privateKey);
}
