// @fastify/static needs content-disposition, ESM-only: compiled for jest's CommonJS runtime as in the e2e suites.
import '../../../../test/e2e/support/esm-shims';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { installConsoleWeb } from './console-web';
import { type ConsoleWebConfig, consoleWebConfigFromEnv, defaultConsoleDir } from './console-web-config';

/** installConsoleWeb needs only the application's Fastify instance. */
function appOver(fastify: FastifyInstance): NestFastifyApplication {
  return { getHttpAdapter: () => ({ getInstance: () => fastify }) } as unknown as NestFastifyApplication;
}

describe('consoleWebConfigFromEnv', () => {
  it('defaults: dist/console at the repository root, nrm-console, 15 minutes, the issuer from OIDC_ISSUER', () => {
    expect(defaultConsoleDir()).toBe(join(__dirname, '..', '..', '..', '..', 'dist', 'console'));
    expect(consoleWebConfigFromEnv({ OIDC_ISSUER: 'https://idp.example/realms/nrm' })).toEqual({
      staticDir: defaultConsoleDir(),
      issuer: 'https://idp.example/realms/nrm',
      clientId: 'nrm-console',
      scope: 'openid profile api',
      idleLockMinutes: 15,
    });
  });

  it('reads the console settings, lets npm start name the embedded issuer, and refuses a bad idle time', () => {
    const env = {
      CONSOLE_DIR: '/srv/console',
      CONSOLE_OIDC_CLIENT_ID: 'console',
      CONSOLE_IDLE_LOCK_MINUTES: '5',
      CONSOLE_OIDC_SCOPE: 'openid nrm',
    };
    expect(consoleWebConfigFromEnv(env, { issuer: 'http://localhost:3001' })).toEqual({
      staticDir: '/srv/console',
      issuer: 'http://localhost:3001',
      clientId: 'console',
      scope: 'openid nrm',
      idleLockMinutes: 5,
    });
    expect(consoleWebConfigFromEnv({}).issuer).toBeNull();
    expect(consoleWebConfigFromEnv({ OIDC_ISSUER: 'not a url' }).issuer).toBeNull();
    for (const bad of ['0', '1.5', 'x', '1441']) {
      expect(() => consoleWebConfigFromEnv({ CONSOLE_IDLE_LOCK_MINUTES: bad })).toThrow(
        /CONSOLE_IDLE_LOCK_MINUTES/,
      );
    }
  });
});

describe('installConsoleWeb', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nrm-console-web-'));
    writeFileSync(join(dir, 'index.html'), '<!DOCTYPE html><title>console</title>');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A Fastify server with the console installed, over real HTTP (fetch). */
  async function serve(
    config: Partial<ConsoleWebConfig>,
    production: boolean,
  ): Promise<{ get: (path: string) => Promise<Response>; close: () => Promise<void> }> {
    const fastify = Fastify();
    await installConsoleWeb(
      appOver(fastify),
      { ...consoleWebConfigFromEnv({}), staticDir: dir, ...config },
      { production },
    );
    const base = await fastify.listen({ port: 0, host: '127.0.0.1' });
    return { get: (path) => fetch(`${base}${path}`), close: () => fastify.close() };
  }

  it('upgrades insecure requests in production only', async () => {
    const production = await serve({ issuer: 'https://idp.example' }, true);
    const csp = (await production.get('/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain('upgrade-insecure-requests');
    expect(csp).toContain("connect-src 'self' https://idp.example;");
    await production.close();
    const development = await serve({ issuer: 'http://localhost:3001' }, false);
    expect((await development.get('/')).headers.get('content-security-policy')).not.toContain(
      'upgrade-insecure-requests',
    );
    await development.close();
  });

  it('answers 503 for the console configuration when no provider is configured, and connects to itself only', async () => {
    const server = await serve({ issuer: null }, false);
    const res = await server.get('/console-config.json');
    expect(res.status).toBe(503);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self';");
    await server.close();
  });
});
