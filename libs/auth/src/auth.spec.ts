import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { type CryptoKey, SignJWT, exportJWK, generateKeyPair, UnsecuredJWT } from 'jose';
import {
  AuthConfigError,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  type LocalAuthConfig,
  authConfigFromEnv,
} from './auth-config';
import { BearerVerifier } from './bearer-verifier';
import { loadOrCreateLocalKeyPair } from './local-keys';
import { issueLocalToken } from './local-token';

const STAFF = '5b1f6a3e-8c2d-4f7a-9b1e-2d3c4b5a6f70';
let keyDir: string;
let config: LocalAuthConfig;
let verifier: BearerVerifier;

beforeAll(async () => {
  keyDir = join(mkdtempSync(join(tmpdir(), 'nrm-auth-')), 'keys');
  config = { mode: 'local', keyDir, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE };
  verifier = await BearerVerifier.create(config);
});
afterAll(() => rmSync(join(keyDir, '..'), { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected rejection');
}

async function signWithLocalKey(build: (jwt: SignJWT) => SignJWT, alg = 'ES256'): Promise<string> {
  const pair = await loadOrCreateLocalKeyPair(keyDir);
  return build(new SignJWT({}).setProtectedHeader({ alg, kid: pair.kid })).sign(pair.privateKey);
}

describe('local key pair', () => {
  it('is created once with private permissions and reused', async () => {
    const a = await loadOrCreateLocalKeyPair(keyDir);
    const b = await loadOrCreateLocalKeyPair(keyDir);
    expect(a.kid).toBe(b.kid);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(keyDir, 'local-signing-key.jwk.json')).mode & 0o777).toBe(0o600);
    expect(a.publicJwk).not.toHaveProperty('d');
  });

  it('concurrent first starts agree on one key', async () => {
    const dir = join(keyDir, '..', 'race');
    const pairs = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateLocalKeyPair(dir)));
    expect(new Set(pairs.map((p) => p.kid)).size).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'local-signing-key.jwk.json'), 'utf8'))).toHaveProperty('d');
  });
});

describe('local tokens', () => {
  it('a valid token yields the staff id (identity only, no roles)', async () => {
    const token = await issueLocalToken(STAFF, 3600, { keyDir });
    const p = await verifier.verifyBearer(`Bearer ${token}`);
    expect(p.staffId).toBe(STAFF);
    expect(p.tokenId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const [, body] = token.split('.');
    const claims = JSON.parse(Buffer.from(body as string, 'base64url').toString());
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    expect(claims.iss).toBe('nrm-local');
    expect(claims.aud).toBe('nrm-api');
  });

  it('accepts a lower-case bearer scheme and normalises the staff id', async () => {
    const token = await issueLocalToken(STAFF.toUpperCase(), 60, { keyDir });
    expect((await verifier.verifyBearer(`bearer ${token}`)).staffId).toBe(STAFF);
  });

  it('refuses bad issue requests', async () => {
    await expect(issueLocalToken('dost.manager', 60, { keyDir })).rejects.toThrow(RangeError);
    await expect(issueLocalToken(STAFF, 0, { keyDir })).rejects.toThrow(RangeError);
    await expect(issueLocalToken(STAFF, 25 * 3600, { keyDir })).rejects.toThrow(RangeError);
  });
});

describe('verifyBearer failures are UNAUTHENTICATED', () => {
  it.each([
    [undefined, 'Missing bearer token'],
    [null, 'Missing bearer token'],
    ['', 'Missing bearer token'],
    ['Basic dXNlcjpwYXNz', 'Malformed authorization header'],
    ['Bearer', 'Malformed authorization header'],
    ['Bearer not-a-jwt', 'Malformed authorization header'],
    [['Bearer a.b.c', 'Bearer a.b.c'], 'Malformed authorization header'],
  ])('%j → %s', async (header, message) => {
    const e = await rejection(verifier.verifyBearer(header));
    expect(e.code).toBe(DomainErrorCode.UNAUTHENTICATED);
    expect(e.message).toBe(message);
  });

  it('expired', async () => {
    const token = await issueLocalToken(STAFF, 60, { keyDir, now: new Date(Date.now() - 3600_000) });
    const e = await rejection(verifier.verifyBearer(`Bearer ${token}`));
    expect([e.code, e.message]).toEqual([DomainErrorCode.UNAUTHENTICATED, 'Token expired']);
  });

  it('within the clock tolerance is still valid; the clock can be injected', async () => {
    const token = await issueLocalToken(STAFF, 60, { keyDir, now: new Date(Date.now() - 80_000) });
    await expect(verifier.verifyBearer(`Bearer ${token}`)).resolves.toMatchObject({ staffId: STAFF });
    const future = await BearerVerifier.create(config, {
      currentDate: () => new Date(Date.now() + 2 * 3600_000),
    });
    const e = await rejection(
      future.verifyBearer(`Bearer ${await issueLocalToken(STAFF, 3600, { keyDir })}`),
    );
    expect(e.message).toBe('Token expired');
  });

  it('wrong issuer', async () => {
    const t = await signWithLocalKey((j) =>
      j.setIssuer('evil').setAudience(LOCAL_AUDIENCE).setSubject(STAFF).setIssuedAt().setExpirationTime('1h'),
    );
    const e = await rejection(verifier.verifyBearer(`Bearer ${t}`));
    expect([e.code, e.message]).toEqual([DomainErrorCode.UNAUTHENTICATED, 'Invalid token claim iss']);
  });

  it('wrong audience', async () => {
    const t = await signWithLocalKey((j) =>
      j
        .setIssuer(LOCAL_ISSUER)
        .setAudience('other-api')
        .setSubject(STAFF)
        .setIssuedAt()
        .setExpirationTime('1h'),
    );
    const e = await rejection(verifier.verifyBearer(`Bearer ${t}`));
    expect([e.code, e.message]).toEqual([DomainErrorCode.UNAUTHENTICATED, 'Invalid token claim aud']);
  });

  it('no expiry', async () => {
    const t = await signWithLocalKey((j) =>
      j.setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setSubject(STAFF),
    );
    expect((await rejection(verifier.verifyBearer(`Bearer ${t}`))).code).toBe(
      DomainErrorCode.UNAUTHENTICATED,
    );
  });

  it('a subject that is not a staff UUID is an identity to look up, not a staff id', async () => {
    const t = await signWithLocalKey((j) =>
      j
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject('admin')
        .setIssuedAt()
        .setExpirationTime('1h'),
    );
    await expect(verifier.verifyBearer(`Bearer ${t}`)).resolves.toMatchObject({
      staffId: null,
      issuer: LOCAL_ISSUER,
      subject: 'admin',
    });
  });

  it('an empty or oversized subject', async () => {
    for (const sub of ['', 'x'.repeat(256)]) {
      const t = await signWithLocalKey((j) =>
        j.setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setSubject(sub).setExpirationTime('1h'),
      );
      expect((await rejection(verifier.verifyBearer(`Bearer ${t}`))).code).toBe(DomainErrorCode.UNAUTHENTICATED);
    }
  });

  it('tampered payload (sub swapped) fails the signature', async () => {
    const token = await issueLocalToken(STAFF, 3600, { keyDir });
    const [h, body, sig] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    claims.sub = '00000000-0000-4000-8000-000000000000';
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    const e = await rejection(verifier.verifyBearer(`Bearer ${forged}`));
    expect([e.code, e.message]).toEqual([DomainErrorCode.UNAUTHENTICATED, 'Invalid token']);
  });

  it('signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const t = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(STAFF)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await rejection(verifier.verifyBearer(`Bearer ${t}`))).message).toBe('Invalid token');
  });

  it('alg none and algorithms other than ES256 are refused', async () => {
    const unsecured = new UnsecuredJWT({})
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(STAFF)
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    // "a.b." has an empty signature: not even a well-formed bearer
    expect((await rejection(verifier.verifyBearer(`Bearer ${unsecured}`))).code).toBe(
      DomainErrorCode.UNAUTHENTICATED,
    );
    expect((await rejection(verifier.verifyToken(unsecured))).code).toBe(DomainErrorCode.UNAUTHENTICATED);
    const { privateKey } = await generateKeyPair('ES384');
    const t = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(STAFF)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await rejection(verifier.verifyBearer(`Bearer ${t}`))).message).toBe(
      'Token algorithm not allowed',
    );
  });

  it('over-long tokens are refused before parsing', async () => {
    const long = `${'a'.repeat(5000)}.${'b'.repeat(5000)}.c`;
    expect((await rejection(verifier.verifyBearer(`Bearer ${long}`))).message).toBe('Invalid token');
  });
});

describe('OIDC mode (JWKS over HTTP)', () => {
  let server: Server;
  let jwksUrl: string;
  let signingKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signingKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(async () => new Promise<void>((r) => server.close(() => r())));

  const idp = (kid = 'k1'): SignJWT =>
    new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().setExpirationTime('5m');

  it('verifies against the remote key set, issuer and audience', async () => {
    const v = await BearerVerifier.create({
      mode: 'oidc',
      issuer: 'https://idp.example',
      audience: 'nrm',
      jwksUrl,
      staffIdClaim: 'sub',
    });
    const ok = await idp()
      .setIssuer('https://idp.example')
      .setAudience('nrm')
      .setSubject(STAFF)
      .sign(signingKey);
    expect((await v.verifyBearer(`Bearer ${ok}`)).staffId).toBe(STAFF);
    const wrongIss = await idp()
      .setIssuer('https://other')
      .setAudience('nrm')
      .setSubject(STAFF)
      .sign(signingKey);
    expect((await rejection(v.verifyBearer(`Bearer ${wrongIss}`))).message).toBe('Invalid token claim iss');
    const wrongAud = await idp()
      .setIssuer('https://idp.example')
      .setAudience('x')
      .setSubject(STAFF)
      .sign(signingKey);
    expect((await rejection(v.verifyBearer(`Bearer ${wrongAud}`))).message).toBe('Invalid token claim aud');
    const unknownKid = await idp('k2')
      .setIssuer('https://idp.example')
      .setAudience('nrm')
      .setSubject(STAFF)
      .sign(signingKey);
    expect((await rejection(v.verifyBearer(`Bearer ${unknownKid}`))).code).toBe(
      DomainErrorCode.UNAUTHENTICATED,
    );
  });

  it('can read the staff id from another claim', async () => {
    const v = await BearerVerifier.create({
      mode: 'oidc',
      issuer: 'i',
      audience: 'a',
      jwksUrl,
      staffIdClaim: 'staff_id',
    });
    const t = await new SignJWT({ staff_id: STAFF })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('i')
      .setAudience('a')
      .setSubject('idp-user-123')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signingKey);
    expect((await v.verifyBearer(`Bearer ${t}`)).staffId).toBe(STAFF);
  });

  it('links by the verified e-mail when the identity claim is email, and refuses an unverified one', async () => {
    const v = await BearerVerifier.create({
      mode: 'oidc',
      issuer: 'i',
      audience: 'a',
      jwksUrl,
      staffIdClaim: 'sub',
      identityClaim: 'email',
    });
    const token = (claims: Record<string, unknown>): Promise<string> =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer('i')
        .setAudience('a')
        .setSubject('idp-user-123')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(signingKey);
    await expect(
      v.verifyBearer(`Bearer ${await token({ email: 'Leyla@Example.az', email_verified: true })}`),
    ).resolves.toMatchObject({ issuer: 'i', subject: 'leyla@example.az', staffId: null });
    for (const claims of [{ email: 'leyla@example.az' }, { email: 'leyla@example.az', email_verified: 'true' }, {}]) {
      expect((await rejection(v.verifyBearer(`Bearer ${await token(claims)}`))).code).toBe(
        DomainErrorCode.UNAUTHENTICATED,
      );
    }
  });
});

describe('authConfigFromEnv', () => {
  it('defaults to local mode under .data/keys', () => {
    const c = authConfigFromEnv({ NRM_DATA_DIR: '/tmp/x' });
    expect(c).toEqual({
      mode: 'local',
      keyDir: '/tmp/x/keys',
      issuer: 'nrm-local',
      audience: 'nrm-api',
      maxTokenLifetimeSeconds: 12 * 3600,
    });
    expect(authConfigFromEnv({ AUTH_KEY_DIR: '/k' })).toMatchObject({ keyDir: '/k' });
    const dflt = authConfigFromEnv({});
    expect(dflt.mode === 'local' && dflt.keyDir.endsWith('/.data/keys')).toBe(true);
  });
  it('OIDC mode needs issuer, JWKS URL and audience', () => {
    expect(
      authConfigFromEnv({
        OIDC_ISSUER: 'https://idp',
        OIDC_JWKS_URL: 'https://idp/jwks',
        OIDC_AUDIENCE: 'nrm',
      }),
    ).toEqual({
      mode: 'oidc',
      issuer: 'https://idp',
      audience: 'nrm',
      jwksUrl: 'https://idp/jwks',
      staffIdClaim: 'sub',
      maxTokenLifetimeSeconds: 12 * 3600,
      identityClaim: 'sub',
    });
    expect(
      authConfigFromEnv({ OIDC_ISSUER: 'i', OIDC_JWKS_URL: 'https://idp/jwks', OIDC_AUDIENCE: 'a', OIDC_IDENTITY_CLAIM: 'email' }),
    ).toMatchObject({ identityClaim: 'email' });
    expect(() =>
      authConfigFromEnv({ OIDC_ISSUER: 'i', OIDC_JWKS_URL: 'https://idp/jwks', OIDC_AUDIENCE: 'a', OIDC_IDENTITY_CLAIM: 'phone' }),
    ).toThrow(AuthConfigError);
    expect(() => authConfigFromEnv({ OIDC_ISSUER: 'https://idp' })).toThrow(/OIDC_JWKS_URL, OIDC_AUDIENCE/);
    expect(() =>
      authConfigFromEnv({ OIDC_ISSUER: 'i', OIDC_JWKS_URL: 'http://idp/jwks', OIDC_AUDIENCE: 'a' }),
    ).toThrow(/https/);
    expect(() => authConfigFromEnv({ OIDC_ISSUER: 'i', OIDC_JWKS_URL: 'nope', OIDC_AUDIENCE: 'a' })).toThrow(
      AuthConfigError,
    );
    expect(
      authConfigFromEnv({ OIDC_ISSUER: 'i', OIDC_JWKS_URL: 'http://localhost:1/jwks', OIDC_AUDIENCE: 'a' })
        .mode,
    ).toBe('oidc');
  });
  it('refuses local mode in production unless explicitly allowed, and unknown modes', () => {
    expect(() => authConfigFromEnv({ NODE_ENV: 'production' })).toThrow(AuthConfigError);
    expect(authConfigFromEnv({ NODE_ENV: 'production', AUTH_ALLOW_LOCAL_IN_PRODUCTION: 'true' }).mode).toBe(
      'local',
    );
    expect(() => authConfigFromEnv({ AUTH_MODE: 'trust-me' })).toThrow(AuthConfigError);
  });
});

describe('token lifetime cap (AUTH_MAX_TOKEN_LIFETIME)', () => {
  const signed = (build: (j: SignJWT) => SignJWT): Promise<string> =>
    signWithLocalKey((j) => build(j.setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setSubject(STAFF)));

  it('accepts a token whose lifetime is exactly the cap, refuses one a second longer', async () => {
    const iat = Math.floor(Date.now() / 1000) - 60;
    const atCap = await signed((j) => j.setIssuedAt(iat).setExpirationTime(iat + 12 * 3600));
    await expect(verifier.verifyBearer(`Bearer ${atCap}`)).resolves.toMatchObject({ staffId: STAFF });
    const over = await signed((j) => j.setIssuedAt(iat).setExpirationTime(iat + 12 * 3600 + 1));
    const e = await rejection(verifier.verifyBearer(`Bearer ${over}`));
    expect([e.code, e.message]).toEqual([DomainErrorCode.UNAUTHENTICATED, 'Token lifetime too long']);
  });

  it('refuses a token valid for 100 years, one without iat, and one issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const century = await signed((j) => j.setIssuedAt(now).setExpirationTime(now + 100 * 365 * 86400));
    expect((await rejection(verifier.verifyBearer(`Bearer ${century}`))).code).toBe(
      DomainErrorCode.UNAUTHENTICATED,
    );
    const noIat = await signed((j) => j.setExpirationTime(now + 600));
    const e = await rejection(verifier.verifyBearer(`Bearer ${noIat}`));
    expect([e.code, e.message]).toEqual([DomainErrorCode.UNAUTHENTICATED, 'Invalid token claim iat']);
    // A far-future iat would make exp - iat small while the token stays valid for years.
    const later = now + 50 * 365 * 86400;
    const future = await signed((j) => j.setIssuedAt(later).setExpirationTime(later + 600));
    expect((await rejection(verifier.verifyBearer(`Bearer ${future}`))).code).toBe(
      DomainErrorCode.UNAUTHENTICATED,
    );
  });

  it('the cap is configurable: a 1 h cap refuses a 2 h local token that the default accepts', async () => {
    const twoHours = await issueLocalToken(STAFF, 2 * 3600, { keyDir });
    await expect(verifier.verifyBearer(`Bearer ${twoHours}`)).resolves.toMatchObject({ staffId: STAFF });
    const strict = await BearerVerifier.create({ ...config, maxTokenLifetimeSeconds: 3600 });
    expect((await rejection(strict.verifyBearer(`Bearer ${twoHours}`))).message).toBe(
      'Token lifetime too long',
    );
    await expect(
      strict.verifyBearer(`Bearer ${await issueLocalToken(STAFF, 3600, { keyDir })}`),
    ).resolves.toMatchObject({ staffId: STAFF });
  });

  it('is read from the environment and validated at start', () => {
    expect(authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME: '90m' }).maxTokenLifetimeSeconds).toBe(5400);
    expect(authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME: '3600' }).maxTokenLifetimeSeconds).toBe(3600);
    for (const bad of ['0', '59', '8d', '200h', 'soon', '-1h', '1.5h']) {
      expect(() => authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME: bad })).toThrow(AuthConfigError);
    }
    expect(() =>
      authConfigFromEnv({
        OIDC_ISSUER: 'https://idp',
        OIDC_JWKS_URL: 'https://idp/jwks',
        OIDC_AUDIENCE: 'nrm',
        AUTH_MAX_TOKEN_LIFETIME: 'forever',
      }),
    ).toThrow(/AUTH_MAX_TOKEN_LIFETIME/);
  });
});
