import { createHash, timingSafeEqual } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type Account,
  type Configuration,
  type InteractionResults,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { LOCAL_AUDIENCE, type OidcAuthConfig } from '@lib/auth';
import {
  STYLESHEET,
  STYLESHEET_PATH,
  consentPage,
  errorPage,
  loginPage,
  logoutPage,
  messagePage,
  pageLanguage,
  refusedPage,
} from './interaction-pages';
import { LoginThrottle } from './login-throttle';
import { ProviderStore } from './memory-adapter';
import { loadOrCreateProviderSecrets } from './provider-secrets';
import { type StaffAccount, type StaffAccounts } from './staff-accounts';

/** The console's OAuth client id at the embedded provider (CONSOLE_OIDC_CLIENT_ID must match it there). */
export const CONSOLE_CLIENT_ID = 'nrm-console';
/** Where the provider sends the browser back with the authorization code: `<console origin>/auth/callback`. */
export const CONSOLE_CALLBACK_PATH = '/auth/callback';
/** The resource indicator of the API; its access tokens carry the audience the API expects (`nrm-api`). */
export const API_RESOURCE = 'urn:nrm:api';
/** The scope the console asks for: identity, and the API (access tokens are refreshed with refresh tokens). */
export const CONSOLE_SCOPE = 'openid profile api';
/** Access and ID tokens live 10 minutes, well under the API's AUTH_MAX_TOKEN_LIFETIME (12 h by default). */
export const ACCESS_TOKEN_TTL_SECONDS = 600;
/** A sign-in lasts a working day at most: the provider session and the (rotating) refresh tokens. */
export const SESSION_TTL_SECONDS = 8 * 3600;

const FORM_BODY_LIMIT = 8 * 1024;
const logger = new Logger('OpenID');

export class EmbeddedProviderRefused extends Error {
  override readonly name = 'EmbeddedProviderRefused';
}

/**
 * Why the embedded provider must not run in this environment, or null: it is for a single machine and demos.
 * Production (NODE_ENV=production) and installations with their own provider (OIDC_ISSUER) sign in elsewhere.
 */
export function embeddedProviderRefusal(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.OIDC_ISSUER) {
    return 'OIDC_ISSUER is set: the console signs in with that provider and the embedded OpenID provider does not start';
  }
  if (env.NODE_ENV === 'production') {
    return 'NODE_ENV=production: the embedded OpenID provider (demo users, one shared password) never runs in production; set OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE to the organisation’s provider';
  }
  return null;
}

export interface EmbeddedOidcProviderOptions {
  /** Port to listen on (0: any free port). */
  port: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The console's origins (`http://localhost:3000`, …): redirect, post-logout and CORS origins of `nrm-console`. */
  consoleOrigins: readonly string[];
  /** Where the signing key is kept (`.data/keys`). */
  keyDir: string;
  /** The one password of every demo user. */
  demoPassword: string;
  accounts: StaffAccounts;
  /** The environment checked by embeddedProviderRefusal (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface EmbeddedOidcProvider {
  /** `http://localhost:<port>`: the `iss` of its tokens. */
  issuer: string;
  port: number;
  /** The API's verifier for this provider's access tokens (JWKS over loopback). */
  authConfig: OidcAuthConfig;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded(;|$)/i.test(type)) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_BODY_LIMIT) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A valid origin of the console, without path (`http://localhost:3000`). */
function origin(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('console origins are http(s) URLs');
  return url.origin;
}

/**
 * Starts panva's oidc-provider (OpenID Certified) for the console on `http://localhost:<port>`: authorization code
 * flow with PKCE (S256, required), one public client `nrm-console`, JWT access tokens for the API (resource
 * indicator API_RESOURCE, audience `nrm-api`, 10 minutes, `sub` = the staff member's id), rotating refresh tokens
 * for silent renewal, RP-initiated logout. Its own pages sign in the demo users (DEMO_STAFF) with the demo
 * password; an inactive member or one without a role is refused. Refuses to start where embeddedProviderRefusal
 * says so.
 */
export async function startEmbeddedOidcProvider(
  options: EmbeddedOidcProviderOptions,
): Promise<EmbeddedOidcProvider> {
  const refusal = embeddedProviderRefusal(options.env ?? process.env);
  if (refusal) throw new EmbeddedProviderRefused(refusal);
  if (options.demoPassword.length < 8) throw new Error('The demo password must be at least 8 characters');
  const consoleOrigins = [...new Set(options.consoleOrigins.map(origin))];
  if (consoleOrigins.length === 0) throw new Error('The embedded provider needs the console origin');
  const secrets = await loadOrCreateProviderSecrets(options.keyDir);
  // Loaded only here: the API and a stack with OIDC_ISSUER never load it. ESM-only; the compiled CommonJS loads it
  // with require(esm) (Node 20.19+), jest through swc (jest.config.js).
  const { default: Provider, errors } = await import('oidc-provider');

  let handler: (req: IncomingMessage, res: ServerResponse) => void = (req, res) =>
    send(res, 503, messagePage(pageLanguage(undefined, req.headers['accept-language']), 'starting'));
  const server: Server = createServer((req, res) => handler(req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} on ${host} is in use: choose the embedded OpenID provider's with OIDC_EMBEDDED_PORT`,
            )
          : error,
      ),
    );
    server.listen(options.port, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://localhost:${port}`;
  const loopback = host === '0.0.0.0' || host === '::' || host === 'localhost' ? '127.0.0.1' : host;
  const urlHost = loopback.includes(':') ? `[${loopback}]` : loopback;

  const { accounts, demoPassword } = options;
  const throttle = new LoginThrottle();
  const canSignIn = (a: StaffAccount | null): a is StaffAccount => a !== null && a.active && a.hasRole;
  const toAccount = (a: StaffAccount): Account => ({
    accountId: a.id,
    claims: () => ({ sub: a.id, name: a.displayName, preferred_username: a.username }),
  });

  // Sign-ins, consents and refresh tokens survive a restart, as the signing key does.
  const store = new ProviderStore({ file: join(options.keyDir, 'oidc-provider-sessions.json') });
  const configuration: Configuration = {
    adapter: store.factory(),
    clients: [
      {
        client_id: CONSOLE_CLIENT_ID,
        client_name: 'NRM console',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: 'ES256',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: consoleOrigins.map((o) => `${o}${CONSOLE_CALLBACK_PATH}`),
        post_logout_redirect_uris: consoleOrigins.map((o) => `${o}/`),
      },
    ],
    clientBasedCORS: (_ctx, requestOrigin, client) =>
      client.clientId === CONSOLE_CLIENT_ID && consoleOrigins.includes(requestOrigin),
    pkce: { required: () => true },
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'api'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    cookies: { keys: secrets.cookieKeys },
    jwks: { keys: [secrets.signingKey] },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: 'api',
            audience: LOCAL_AUDIENCE,
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(pageLanguage(ctx.oidc.params?.ui_locales, ctx.get('accept-language')), form);
        },
        postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = messagePage(pageLanguage(undefined, ctx.get('accept-language')), 'signedOut');
        },
      },
    },
    // No offline_access needed: the console renews with the refresh token, which ends with the provider session.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      Interaction: 15 * 60,
      Session: SESSION_TTL_SECONDS,
      Grant: SESSION_TTL_SECONDS,
      RefreshToken: (ctx, _token, _client) =>
        ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? SESSION_TTL_SECONDS,
    },
    // Every token request re-reads the member: deactivated or left without a role, their refresh fails at once.
    findAccount: async (_ctx, sub) => {
      const account = await accounts.findById(sub);
      return canSignIn(account) ? toAccount(account) : undefined;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(
        pageLanguage(ctx.oidc?.params?.ui_locales, ctx.get('accept-language')),
        String(out.error),
        typeof out.error_description === 'string' ? out.error_description : undefined,
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  // The person sees renderError's page; the log gets the error's name and the route only (no request content).
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) =>
    logger.error(`OpenID provider: ${error.name} on ${ctx.oidc?.route ?? 'unknown route'}`),
  );
  const providerCallback = provider.callback();

  const finish = async (
    req: IncomingMessage,
    res: ServerResponse,
    result: InteractionResults,
  ): Promise<void> => {
    const to = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false });
    res.statusCode = 303;
    res.setHeader('location', to);
    res.end();
  };

  const interaction = async (
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    action: string | undefined,
  ): Promise<void> => {
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return send(res, 400, messagePage(pageLanguage(undefined, req.headers['accept-language']), 'expired'));
    }
    const lang = pageLanguage(details.params.ui_locales, req.headers['accept-language']);
    if (details.uid !== uid) return send(res, 400, messagePage(lang, 'expired'));
    const prompt = details.prompt.name;
    if (req.method === 'GET' && action === undefined) {
      if (prompt === 'login') return send(res, 200, loginPage({ uid, lang }));
      if (prompt === 'consent') {
        const account = details.session ? await accounts.findById(details.session.accountId) : null;
        if (!canSignIn(account)) return send(res, 403, refusedPage(uid, lang, 'inactive'));
        return send(res, 200, consentPage({ uid, lang, displayName: account.displayName }));
      }
      return send(res, 400, messagePage(lang, 'cannotContinue'));
    }
    if (req.method !== 'POST') return send(res, 405, messagePage(lang, 'useTheForm'));
    const form = await readForm(req);
    if (!form) return send(res, 400, messagePage(lang, 'useTheForm'));
    if (action === 'abort') {
      return finish(req, res, {
        error: 'access_denied',
        error_description: 'The person cancelled the sign-in',
      });
    }
    if (action === 'login' && prompt === 'login') {
      const username = (form.get('username') ?? '').trim().toLowerCase();
      const password = form.get('password') ?? '';
      const shown = username.slice(0, 64);
      if (!throttle.allows(username)) {
        return send(res, 429, loginPage({ uid, lang, username: shown, error: 'throttled' }));
      }
      const account = username ? await accounts.findByUsername(username) : null;
      // The password is compared even for an unknown user, so both fail alike.
      const passwordOk = sameSecret(password, demoPassword);
      if (!account || !passwordOk) {
        throttle.failed(username);
        return send(res, 401, loginPage({ uid, lang, username: shown, error: 'wrongPassword' }));
      }
      if (!account.active) return send(res, 403, refusedPage(uid, lang, 'inactive'));
      if (!account.hasRole) return send(res, 403, refusedPage(uid, lang, 'noRole'));
      throttle.succeeded(username);
      return finish(req, res, { login: { accountId: account.id } });
    }
    if (action === 'confirm' && prompt === 'consent') {
      const accountId = details.session?.accountId;
      const account = accountId ? await accounts.findById(accountId) : null;
      if (!canSignIn(account)) return send(res, 403, refusedPage(uid, lang, 'inactive'));
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: account.id, clientId: CONSOLE_CLIENT_ID });
      if (!grant) return send(res, 400, messagePage(lang, 'expired'));
      const missing = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      const grantId = await grant.save();
      return finish(req, res, { consent: { grantId } });
    }
    return send(res, 400, messagePage(lang, 'cannotContinue'));
  };

  const formTargets = ["'self'", ...consoleOrigins].join(' ');
  handler = (req, res) => {
    // No script anywhere on the provider's pages; forms post to itself, and its redirects lead back to the console.
    res.setHeader(
      'content-security-policy',
      `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${formTargets}; frame-ancestors 'none'; base-uri 'none'`,
    );
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cache-control', 'no-store');
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path === STYLESHEET_PATH && req.method === 'GET') {
      res.setHeader('content-type', 'text/css; charset=utf-8');
      res.setHeader('cache-control', 'public, max-age=3600');
      res.end(STYLESHEET);
      return;
    }
    const match = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|confirm|abort))?$/.exec(path);
    if (match) {
      interaction(req, res, match[1] as string, match[2]).catch((error: unknown) => {
        logger.error(`OpenID provider: ${error instanceof Error ? error.name : 'error'} on a sign-in page`);
        if (!res.headersSent)
          send(
            res,
            500,
            messagePage(pageLanguage(undefined, req.headers['accept-language']), 'cannotContinue'),
          );
        else res.end();
      });
      return;
    }
    void providerCallback(req, res); // Koa answers its own errors (renderError)
  };

  return {
    issuer,
    port,
    authConfig: {
      mode: 'oidc',
      issuer,
      audience: LOCAL_AUDIENCE,
      jwksUrl: `http://${urlHost}:${port}/jwks`,
      staffIdClaim: 'sub',
      identityClaim: 'sub',
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => store.flush()),
  };
}
