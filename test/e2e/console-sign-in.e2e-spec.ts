/**
 * Issue 13 (sign-in and serving): the embedded OpenID provider signs the demo users in with the authorization-code
 * flow and PKCE over real HTTP, the API accepts its access tokens through its JWKS beside local tokens, and the API
 * serves the console with its security headers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { DEMO_USER_IDS } from '@lib/persistence';
import {
  CONSOLE_CALLBACK_PATH,
  CONSOLE_CLIENT_ID,
  CONSOLE_SCOPE,
  DatabaseStaffAccounts,
  type EmbeddedOidcProvider,
  EmbeddedProviderRefused,
  type StaffAccounts,
  startEmbeddedOidcProvider,
} from '../../apps/stack/src/oidc';
import { ApiHarness } from './support/api-harness';

const PASSWORD = 'correct-horse-battery-staple';
const CONSOLE_ORIGIN = 'http://localhost:4173';
const REDIRECT_URI = `${CONSOLE_ORIGIN}${CONSOLE_CALLBACK_PATH}`;
const ORGANISATIONS = '{ organisations { id } }';

/** The provider starts before the API (the API must know its issuer); its database arrives with the API's harness. */
class LateAccounts implements StaffAccounts {
  target: StaffAccounts | null = null;
  findByUsername = (u: string) => this.target!.findByUsername(u);
  findById = (id: string) => this.target!.findById(id);
  close = () => this.target?.close() ?? Promise.resolve();
}

/** A browser's cookie jar for one origin, enough for the provider's cookies. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*expires=.*1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
    return res;
  }

  post(url: string, form: Record<string, string>): Promise<Response> {
    return this.go(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }
}

interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token: string;
  expires_in: number;
  token_type: string;
}

describe('console sign-in through the embedded OpenID provider', () => {
  let provider: EmbeddedOidcProvider;
  let api: ApiHarness;
  let consoleDir: string;
  let keyDir: string;
  const accounts = new LateAccounts();

  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'nrm-oidc-keys-'));
    consoleDir = mkdtempSync(join(tmpdir(), 'nrm-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(
      join(consoleDir, 'index.html'),
      '<!DOCTYPE html><html lang="az"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>',
    );
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.js'), 'console.log("console")');
    // oidc-provider 9 prints one line on Node 20 ("Unsupported runtime", it is tested on 22+); keep the output quiet.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    provider = await startEmbeddedOidcProvider({
      port: 0,
      consoleOrigins: [CONSOLE_ORIGIN],
      keyDir,
      demoPassword: PASSWORD,
      accounts,
      env: {},
    });
    warn.mockRestore();
    api = await ApiHarness.start({
      additionalIssuers: [provider.authConfig],
      console: { staticDir: consoleDir, issuer: provider.issuer },
    });
    accounts.target = new DatabaseStaffAccounts(api.db.url);
  });

  afterAll(async () => {
    await provider?.close();
    await accounts.close();
    await api?.stop();
    rmSync(keyDir, { recursive: true, force: true });
    rmSync(consoleDir, { recursive: true, force: true });
  });

  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };

  /** The console's authorization request; its pages in `locale` (null: none asked, the provider's default). */
  function authorizeUrl(challenge: string | null, locale: string | null = 'en'): string {
    const q = new URLSearchParams({
      client_id: CONSOLE_CLIENT_ID,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: CONSOLE_SCOPE,
      state: 'state-1',
      nonce: 'nonce-1',
    });
    if (locale) q.set('ui_locales', locale);
    if (challenge) {
      q.set('code_challenge', challenge);
      q.set('code_challenge_method', 'S256');
    }
    return `${provider.issuer}/auth?${q.toString()}`;
  }

  const at = (res: Response): string => {
    const location = res.headers.get('location');
    if (!location) throw new Error(`expected a redirect, got ${res.status}`);
    return new URL(location, provider.issuer).toString();
  };

  /** From the console's redirect to the login form: returns the login form's action. */
  async function startSignIn(
    browser: Browser,
    challenge: string,
    locale: string | null = 'en',
  ): Promise<{ loginAction: string; page: string }> {
    const toLogin = await browser.go(authorizeUrl(challenge, locale));
    expect(toLogin.status).toBe(303);
    const loginUrl = at(toLogin);
    expect(loginUrl).toMatch(/\/interaction\/[\w-]+$/);
    const page = await browser.go(loginUrl);
    expect(page.status).toBe(200);
    return { loginAction: `${loginUrl}/login`, page: await page.text() };
  }

  /** The whole flow as the console's browser does it; returns the token response. */
  async function signIn(username: string): Promise<Tokens> {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const { loginAction } = await startSignIn(browser, challenge);
    const afterLogin = await browser.post(loginAction, { username, password: PASSWORD });
    expect(afterLogin.status).toBe(303);
    const toConsent = await browser.go(at(afterLogin));
    const consentUrl = at(toConsent);
    expect(consentUrl).toMatch(/\/interaction\/[\w-]+$/);
    const consentPage = await (await browser.go(consentUrl)).text();
    expect(consentPage).toContain(`action="${new URL(consentUrl).pathname}/confirm"`);
    const afterConsent = await browser.post(`${consentUrl}/confirm`, {});
    const back = await browser.go(at(afterConsent));
    const callback = new URL(at(back));
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(callback.searchParams.get('iss')).toBe(provider.issuer);
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Tokens;
  }

  const tokenRequest = (form: Record<string, string>): Promise<Response> =>
    fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: CONSOLE_ORIGIN },
      body: new URLSearchParams({ client_id: CONSOLE_CLIENT_ID, ...form }).toString(),
    });

  async function graphql(
    accessToken: string,
    query = ORGANISATIONS,
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, body: await res.json(), headers: res.headers };
  }

  it('advertises the code flow with S256 PKCE only', async () => {
    const discovery = (await (
      await fetch(`${provider.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: provider.issuer,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(discovery.end_session_endpoint).toBe(`${provider.issuer}/session/end`);
  });

  it('lets the console (and only the console) call the token endpoint from the browser (CORS)', async () => {
    const preflight = (origin: string): Promise<Response> =>
      fetch(`${provider.issuer}/token`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    expect((await preflight(CONSOLE_ORIGIN)).headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
    const discovery = await fetch(`${provider.issuer}/.well-known/openid-configuration`, {
      headers: { origin: CONSOLE_ORIGIN },
    });
    expect(discovery.headers.get('access-control-allow-origin')).toBeTruthy();
    // A token request from another site is answered without CORS permission: its page cannot read the answer.
    const foreign = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({
        client_id: CONSOLE_CLIENT_ID,
        grant_type: 'refresh_token',
        refresh_token: 'x',
      }).toString(),
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('signs dost.manager in with code + PKCE; the API accepts the access token through the JWKS', async () => {
    const tokens = await signIn('dost.manager');
    expect(tokens.token_type).toBe('Bearer');
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({
      iss: provider.issuer,
      aud: 'nrm-api',
      sub: DEMO_USER_IDS['dost.manager'],
      client_id: CONSOLE_CLIENT_ID,
    });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(decodeJwt(tokens.id_token)).toMatchObject({
      sub: DEMO_USER_IDS['dost.manager'],
      preferred_username: 'dost.manager',
    });
    const answer = await graphql(tokens.access_token);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.organisations.length).toBeGreaterThan(0);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    // Local tokens (npm run token) keep working beside it.
    expect((await api.gql('dost.manager', ORGANISATIONS)).errors).toBeUndefined();
  });

  it('refuses a token of the provider’s issuer that its key did not sign', async () => {
    const tokens = await signIn('ssa.officer');
    const [header, payload] = tokens.access_token.split('.');
    const forged = `${header}.${payload}.${Buffer.from(randomBytes(64)).toString('base64url')}`;
    const answer = await graphql(forged);
    expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(answer.body.data).toBeNull();
  });

  it('a wrong password gets the login page again with an error, and no code', async () => {
    const browser = new Browser();
    const { loginAction, page } = await startSignIn(browser, pkce().challenge);
    expect(page).toMatch(/<label for="username">/);
    expect(page).toMatch(/<label for="password">/);
    expect(page).not.toMatch(/<script/i);
    const wrong = await browser.post(loginAction, { username: 'dost.manager', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('location')).toBeNull();
    const html = await wrong.text();
    expect(html).toContain('The username or password is not right.');
    expect(html).not.toContain('not-the-password');
    expect(wrong.headers.get('content-security-policy')).toContain("default-src 'none'");
    // Nor does an unknown user get in with the right password.
    const unknown = await browser.post(loginAction, { username: 'someone.else', password: PASSWORD });
    expect(unknown.status).toBe(401);
  });

  it('stops checking passwords for a username after 5 wrong ones', async () => {
    const browser = new Browser();
    const { loginAction } = await startSignIn(browser, pkce().challenge);
    for (let i = 0; i < 5; i++) {
      expect(
        (await browser.post(loginAction, { username: 'wsl.operator', password: `wrong-${i}` })).status,
      ).toBe(401);
    }
    const throttled = await browser.post(loginAction, { username: 'wsl.operator', password: PASSWORD });
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toContain('Too many wrong passwords');
  });

  it('shows its pages in Azerbaijani by default, and in the language the console asks for', async () => {
    const az = await startSignIn(new Browser(), pkce().challenge, null);
    expect(az.page).toContain('<html lang="az">');
    expect(az.page).toContain('<label for="password">Şifrə</label>');
    const ru = await startSignIn(new Browser(), pkce().challenge, 'ru');
    expect(ru.page).toContain('<html lang="ru">');
    expect(ru.page).toContain('<label for="password">Пароль</label>');
  });

  it('refuses an inactive member and a member without a role, each with a clear page', async () => {
    await api.db.dataSource.query(
      `UPDATE staff_members SET active = false WHERE username = 'police.officer'`,
    );
    await api.db.dataSource.query(`UPDATE staff_members SET roles = '{}' WHERE username = 'shelter.officer'`);
    const browser = new Browser();
    const { loginAction } = await startSignIn(browser, pkce().challenge);
    const inactive = await browser.post(loginAction, { username: 'police.officer', password: PASSWORD });
    expect(inactive.status).toBe(403);
    expect(await inactive.text()).toContain('Account not active');
    const roleless = await browser.post(loginAction, { username: 'shelter.officer', password: PASSWORD });
    expect(roleless.status).toBe(403);
    expect(await roleless.text()).toContain('No role assigned');
  });

  it('renews with the refresh token (rotated), and stops renewing once the member is deactivated', async () => {
    const tokens = await signIn('ngo.lawyer');
    const renewed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(renewed.status).toBe(200);
    const next = (await renewed.json()) as Tokens;
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect(decodeJwt(next.access_token)).toMatchObject({ sub: DEMO_USER_IDS['ngo.lawyer'], aud: 'nrm-api' });
    expect((await graphql(next.access_token)).body.errors).toBeUndefined();
    // A rotated refresh token is spent.
    const replay = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');

    await api.db.dataSource.query(`UPDATE staff_members SET active = false WHERE username = 'ngo.lawyer'`);
    const refused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: next.refresh_token });
    expect(refused.status).toBe(400);
    expect((await graphql(next.access_token)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('requires PKCE, and the verifier that matches the challenge', async () => {
    const noPkce = await new Browser().go(authorizeUrl(null));
    const error = new URL(at(noPkce));
    expect(`${error.origin}${error.pathname}`).toBe(REDIRECT_URI);
    expect(error.searchParams.get('error')).toBe('invalid_request');

    const browser = new Browser();
    const { challenge } = pkce();
    const { loginAction } = await startSignIn(browser, challenge);
    const consent = at(
      await browser.go(at(await browser.post(loginAction, { username: 'auditor', password: PASSWORD }))),
    );
    const callback = new URL(at(await browser.go(at(await browser.post(`${consent}/confirm`, {})))));
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce().verifier,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('signs out (RP-initiated logout): back to the console, and the refresh token ends with the session', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const { loginAction } = await startSignIn(browser, challenge);
    const consent = at(
      await browser.go(
        at(await browser.post(loginAction, { username: 'monitoring.officer', password: PASSWORD })),
      ),
    );
    const callback = new URL(at(await browser.go(at(await browser.post(`${consent}/confirm`, {})))));
    const tokens = (await (
      await tokenRequest({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code')!,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      })
    ).json()) as Tokens;

    const q = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: `${CONSOLE_ORIGIN}/`,
      client_id: CONSOLE_CLIENT_ID,
    });
    const confirm = await browser.go(`${provider.issuer}/session/end?${q.toString()}`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).not.toMatch(/<script/i);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(xsrf).toBeTruthy();
    const done = await browser.post(`${provider.issuer}/session/end/confirm`, { xsrf: xsrf!, logout: 'yes' });
    expect(done.status).toBe(303);
    expect(at(done)).toBe(`${CONSOLE_ORIGIN}/`);
    const afterLogout = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(afterLogout.status).toBe(400);
  });

  it('keeps sign-ins across a restart of the provider: the refresh token and the access token still work', async () => {
    const tokens = await signIn('dost.supervisor');
    await provider.close();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    provider = await startEmbeddedOidcProvider({
      port: provider.port,
      consoleOrigins: [CONSOLE_ORIGIN],
      keyDir,
      demoPassword: PASSWORD,
      accounts,
      env: {},
    });
    warn.mockRestore();
    expect((await graphql(tokens.access_token)).body.errors).toBeUndefined();
    const renewed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(renewed.status).toBe(200);
    const next = (await renewed.json()) as Tokens;
    expect((await graphql(next.access_token)).body.errors).toBeUndefined();
  });

  describe('the API serves the console', () => {
    const origin = (): string => new URL(api.url).origin;
    const get = (path: string): Promise<Response> => fetch(`${origin()}${path}`);

    it('serves index.html at / with a strict CSP and the usual security headers', async () => {
      const res = await get('/');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<div id="root">');
      const csp = res.headers.get('content-security-policy') ?? '';
      const directive = (name: string): string =>
        csp
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `)) ?? '';
      expect(directive('script-src')).toBe("script-src 'self'");
      expect(directive('style-src')).toBe("style-src 'self'");
      expect(directive('connect-src')).toBe(`connect-src 'self' ${provider.issuer}`);
      expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
      expect(directive('object-src')).toBe("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    });

    it('answers client-side routes with index.html, hashed assets with a long cache, and missing files with 404', async () => {
      const route = await get('/cases/some-case?tab=consents');
      expect(route.status).toBe(200);
      expect(await route.text()).toContain('<div id="root">');
      const asset = await get('/assets/index-abc123.js');
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      for (const missing of [
        '/assets/gone-1.js',
        '/favicon.ico',
        '/graphql/extra',
        '/metrics/x',
        '/health/',
      ]) {
        expect((await get(missing)).status).toBe(404);
      }
      const traversal = await get('/%2e%2e/%2e%2e/etc/passwd');
      expect(await traversal.text()).not.toContain('root:');
    });

    it('tells the console where to sign in', async () => {
      const res = await get('/console-config.json');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({
        issuer: provider.issuer,
        clientId: CONSOLE_CLIENT_ID,
        scope: CONSOLE_SCOPE,
        graphqlUrl: '/graphql',
        idleLockMinutes: 15,
      });
    });

    it('marks API answers no-store, with the security headers too', async () => {
      const res = await fetch(api.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await api.token('dost.manager')}`,
        },
        body: JSON.stringify({ query: ORGANISATIONS }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const unauthenticated = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ORGANISATIONS }),
      });
      expect(unauthenticated.headers.get('cache-control')).toBe('no-store');
      expect((await get('/health')).headers.get('cache-control')).toBe('no-store');
      // GraphiQL (development only) loads its scripts from unpkg: its pages alone allow that origin.
      const graphiql = await get('/graphiql');
      expect(graphiql.headers.get('content-security-policy')).toContain(
        "script-src 'self' https://unpkg.com",
      );
    });

    it('says so in a short page when the console is not built', async () => {
      const index = join(consoleDir, 'index.html');
      const html = await (await get('/')).text();
      unlinkSync(index);
      try {
        for (const path of ['/', '/inbox']) {
          const res = await get(path);
          expect(res.status).toBe(503);
          expect(await res.text()).toContain('The console is not built');
        }
      } finally {
        writeFileSync(index, html);
      }
      expect((await get('/')).status).toBe(200);
    });
  });

  it('refuses to start in production and when OIDC_ISSUER is set', async () => {
    const base = { port: 0, consoleOrigins: [CONSOLE_ORIGIN], keyDir, demoPassword: PASSWORD, accounts };
    await expect(startEmbeddedOidcProvider({ ...base, env: { NODE_ENV: 'production' } })).rejects.toThrow(
      EmbeddedProviderRefused,
    );
    await expect(
      startEmbeddedOidcProvider({ ...base, env: { OIDC_ISSUER: 'https://idp.example' } }),
    ).rejects.toThrow(/OIDC_ISSUER is set/);
  });
});
