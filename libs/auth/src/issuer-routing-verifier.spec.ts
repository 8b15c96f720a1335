import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, DomainErrorCode } from '@lib/domain';
import { type CryptoKey, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, type LocalAuthConfig, type OidcAuthConfig } from './auth-config';
import { BearerVerifier, type TokenVerifier } from './bearer-verifier';
import { IssuerRoutingVerifier, createTokenVerifier } from './issuer-routing-verifier';
import { loadOrCreateLocalKeyPair } from './local-keys';
import { issueLocalToken } from './local-token';

const STAFF = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const IDP = 'http://localhost:65000';

let dir: string;
let local: LocalAuthConfig;
let oidc: OidcAuthConfig;
let idpKey: CryptoKey;
let server: Server;
let routed: TokenVerifier;

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected rejection');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nrm-routing-'));
  local = { mode: 'local', keyDir: join(dir, 'keys'), issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE };
  const pair = await generateKeyPair('ES256', { extractable: true });
  idpKey = pair.privateKey;
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' }],
  });
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  oidc = { mode: 'oidc', issuer: IDP, audience: LOCAL_AUDIENCE, jwksUrl, staffIdClaim: 'sub' };
  routed = await createTokenVerifier({ ...local, additionalIssuers: [oidc] });
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

const idpToken = (issuer: string, kid = 'idp-1', key?: CryptoKey): Promise<string> =>
  new SignJWT({ client_id: 'nrm-console' })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(STAFF)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key ?? idpKey);

describe('IssuerRoutingVerifier', () => {
  it('is built only when further issuers are configured', async () => {
    expect(routed).toBeInstanceOf(IssuerRoutingVerifier);
    expect((routed as IssuerRoutingVerifier).issuers).toEqual([LOCAL_ISSUER, IDP]);
    expect(await createTokenVerifier(local)).toBeInstanceOf(BearerVerifier);
  });

  it('accepts a valid token of each issuer, and says which issuer vouched for it', async () => {
    const fromLocal = await routed.verifyBearer(
      `Bearer ${await issueLocalToken(STAFF, 600, { keyDir: local.keyDir })}`,
    );
    expect(fromLocal).toMatchObject({ issuer: LOCAL_ISSUER, subject: STAFF, staffId: STAFF });
    const fromIdp = await routed.verifyBearer(`Bearer ${await idpToken(IDP)}`);
    expect(fromIdp).toMatchObject({ issuer: IDP, subject: STAFF, staffId: STAFF });
  });

  it('refuses a token naming the provider as issuer but signed with the local key', async () => {
    const localPair = await loadOrCreateLocalKeyPair(local.keyDir);
    const forged = await idpToken(IDP, localPair.kid, localPair.privateKey);
    const same = await idpToken(IDP, 'idp-1', localPair.privateKey);
    expect((await rejection(routed.verifyToken(forged))).code).toBe(DomainErrorCode.UNAUTHENTICATED);
    expect((await rejection(routed.verifyToken(same))).message).toBe('Invalid token');
  });

  it("refuses a token naming the local issuer but signed with the provider's key", async () => {
    const localPair = await loadOrCreateLocalKeyPair(local.keyDir);
    const forged = await idpToken(LOCAL_ISSUER, localPair.kid);
    expect((await rejection(routed.verifyToken(forged))).message).toBe('Invalid token');
  });

  it('refuses an unknown issuer, a token without one, and a near-miss of a configured one', async () => {
    for (const issuer of ['https://evil.example', `${IDP}/`, 'NRM-LOCAL']) {
      const e = await rejection(routed.verifyToken(await idpToken(issuer)));
      expect(e).toMatchObject({ code: DomainErrorCode.UNAUTHENTICATED, message: 'Unknown token issuer' });
      expect(e.message).not.toContain(issuer);
    }
    const noIss = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(STAFF)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(idpKey);
    expect((await rejection(routed.verifyToken(noIss))).message).toBe('Unknown token issuer');
  });

  it('refuses what is not a token before routing it', async () => {
    expect((await rejection(routed.verifyBearer('Bearer a.b.c'))).message).toBe('Invalid token');
    expect((await rejection(routed.verifyBearer(undefined))).message).toBe('Missing bearer token');
    expect((await rejection(routed.verifyBearer('Basic abc'))).message).toBe(
      'Malformed authorization header',
    );
    expect((await rejection(routed.verifyToken(`${'a'.repeat(9000)}.b.c`))).message).toBe('Invalid token');
  });

  it('applies the routed issuer’s own checks (audience) and the lifetime cap it inherits', async () => {
    const otherAudience = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
      .setIssuer(IDP)
      .setAudience('someone-else')
      .setSubject(STAFF)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(idpKey);
    expect((await rejection(routed.verifyToken(otherAudience))).message).toBe('Invalid token claim aud');
    const capped = await createTokenVerifier({
      ...local,
      maxTokenLifetimeSeconds: 300,
      additionalIssuers: [oidc],
    });
    expect((await rejection(capped.verifyToken(await idpToken(IDP)))).code).toBe(
      DomainErrorCode.UNAUTHENTICATED,
    );
  });

  it('refuses two verifiers for one issuer', async () => {
    await expect(createTokenVerifier({ ...oidc, additionalIssuers: [oidc] })).rejects.toThrow(/same issuer/);
  });
});
