import { statSync } from 'node:fs';
import { type IncomingMessage } from 'node:http';
import { extname, relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { type ConsoleWebConfig } from './console-web-config';

/** Paths the console never answers for: the API's own endpoints and everything under them. */
const API_PATHS = ['/graphql', '/graphiql', '/health', '/ready', '/metrics'];
/** Vite's content-hashed build output: cached for a year; everything else the API answers is no-store. */
const HASHED_ASSETS = '/assets/';

function isApiPath(path: string): boolean {
  return API_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** GraphiQL (development only, mercurius) loads React and its stylesheet from unpkg and styles inline. */
function forGraphiql(strict: string, relaxed: string): (req: IncomingMessage) => string {
  return (req) => (pathOf(req.url ?? '/').startsWith('/graphiql') ? relaxed : strict);
}

const NOT_BUILT = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>NRM console not built</title></head>
<body><h1>The console is not built</h1>
<p>The API is running (GraphQL at <a href="/graphql">/graphql</a>), but the staff console's files are missing.
Build it (<code>npm run build</code>) and reload this page.</p></body></html>
`;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the staff console from the API process (called by createApiApp after init, before listen):
 * - security headers on every response by helmet, with a strict Content-Security-Policy: no inline script or style,
 *   connections only to this origin and the OpenID issuer's, no framing, no plugins. The middleware is built once
 *   (@fastify/helmet rebuilt it on every request: 1.8 % of an inbox request's CPU in the profile, docs/performance.md);
 * - `Cache-Control: no-store` on every response except the console's content-hashed assets (so no GraphQL answer,
 *   which may hold personal data, is kept by a browser or proxy);
 * - `GET /console-config.json`: what the console needs to sign in;
 * - the console's files from its build directory, and index.html for any other path that is not a file and not one
 *   of the API's (client-side routes); a short page when the console is not built.
 */
export async function installConsoleWeb(
  app: NestFastifyApplication,
  config: ConsoleWebConfig,
  options: { production: boolean },
): Promise<void> {
  // The adapter's instance, typed as the fastify the plugins augment (@nestjs/platform-fastify pins its own copy).
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const issuerOrigin = config.issuer ? new URL(config.issuer).origin : null;
  const connect = ["'self'", ...(issuerOrigin ? [issuerOrigin] : [])].join(' ');
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': [forGraphiql("'self'", "'self' https://unpkg.com")],
        'style-src': [forGraphiql("'self'", "'self' 'unsafe-inline' https://unpkg.com")],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': [connect],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        // Over plain http (the single-machine default) an upgrade would break the embedded provider's URLs.
        ...(options.production ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  // Decorates reply.sendFile (path-traversal safe); the routes below decide what is served.
  await fastify.register(fastifyStatic, {
    root: config.staticDir,
    serve: false,
    cacheControl: false,
    dotfiles: 'deny',
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  fastify.get('/console-config.json', async (_request, reply) => {
    if (!config.issuer) {
      return reply
        .code(503)
        .send({ message: 'Sign-in is not configured: set OIDC_ISSUER (or run npm start)' });
    }
    return reply.send({
      issuer: config.issuer,
      clientId: config.clientId,
      scope: config.scope,
      graphqlUrl: '/graphql',
      idleLockMinutes: config.idleLockMinutes,
    });
  });

  const root = resolve(config.staticDir);
  const index = resolve(root, 'index.html');
  fastify.get('/*', async (request, reply) => {
    const path = pathOf(request.url);
    if (isApiPath(path)) return reply.callNotFound();
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return reply.callNotFound();
    }
    if (!isFile(index)) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    const file = resolve(root, `.${decoded}`);
    const inside = relative(root, file);
    const safe =
      inside !== '' && !inside.startsWith('..') && !inside.split(sep).some((part) => part.startsWith('.'));
    if (safe && isFile(file)) {
      if (path.startsWith(HASHED_ASSETS))
        reply.header('cache-control', 'public, max-age=31536000, immutable');
      else reply.header('cache-control', 'no-cache');
      return reply.sendFile(inside);
    }
    // A missing file (an extension, or under /assets/) is a 404; any other path is a route of the console.
    if (extname(decoded) !== '' || path.startsWith(HASHED_ASSETS)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
