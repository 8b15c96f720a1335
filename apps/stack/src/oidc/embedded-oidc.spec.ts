import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleOrigins, signInPlan } from './embedded-oidc-plan';
import { ProviderStore } from './memory-adapter';
import { loadOrCreateDemoPassword, loadOrCreateProviderSecrets } from './provider-secrets';
import { PAGE_LANGUAGES, escapeHtml, loginPage, pageLanguage, refusedPage } from './interaction-pages';
import { LoginThrottle } from './login-throttle';

describe('signInPlan (what npm start does about sign-in)', () => {
  it('runs the embedded provider on the API port + 1, on loopback, by default', () => {
    expect(signInPlan({}, 3000)).toEqual({ kind: 'embedded', port: 3001, host: '127.0.0.1' });
    expect(signInPlan({ OIDC_EMBEDDED_PORT: '4001', OIDC_EMBEDDED_HOST: '0.0.0.0' }, 3000)).toEqual({
      kind: 'embedded',
      port: 4001,
      host: '0.0.0.0',
    });
    expect(consoleOrigins(3000)).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
  });

  it('goes on without it when OIDC_ISSUER is set, even in production', () => {
    for (const env of [
      { OIDC_ISSUER: 'https://idp.example' },
      { OIDC_ISSUER: 'https://idp.example', NODE_ENV: 'production' },
    ]) {
      expect(signInPlan(env, 3000)).toMatchObject({
        kind: 'external',
        issuer: 'https://idp.example',
        notice: expect.stringMatching(/OIDC_ISSUER is set/),
      });
    }
  });

  it('refuses production without an issuer of its own', () => {
    expect(signInPlan({ NODE_ENV: 'production' }, 3000)).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/never runs in production/),
    });
  });

  it('refuses ports it cannot use', () => {
    expect(() => signInPlan({}, 0)).toThrow(/PORT=0/);
    expect(() => signInPlan({ OIDC_EMBEDDED_PORT: '3000' }, 3000)).toThrow(/differ/);
    expect(() => signInPlan({ OIDC_EMBEDDED_PORT: 'x' }, 3000)).toThrow(/OIDC_EMBEDDED_PORT/);
    expect(() => signInPlan({}, 65535)).toThrow(/OIDC_EMBEDDED_PORT/);
  });
});

describe('provider secrets and the demo password', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nrm-oidc-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the signing key once (0600 in a 0700 directory) and keeps it', async () => {
    const keyDir = join(dir, 'keys');
    const [a, b] = await Promise.all([
      loadOrCreateProviderSecrets(keyDir),
      loadOrCreateProviderSecrets(keyDir),
    ]);
    expect(a).toEqual(b);
    expect((await loadOrCreateProviderSecrets(keyDir)).signingKey.kid).toBe(a.signingKey.kid);
    expect(a.signingKey).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(statSync(join(keyDir, 'oidc-provider.json')).mode & 0o777).toBe(0o600);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
  });

  it('refuses a key file that is not its own', async () => {
    writeFileSync(join(dir, 'oidc-provider.json'), '{"signingKey":{"kty":"oct"}}');
    await expect(loadOrCreateProviderSecrets(dir)).rejects.toThrow(/not the embedded provider/);
  });

  it('takes DEMO_PASSWORD, or generates one once and keeps it', () => {
    expect(loadOrCreateDemoPassword(dir, { DEMO_PASSWORD: 'a-known-password' })).toEqual({
      password: 'a-known-password',
      source: 'env',
    });
    expect(() => loadOrCreateDemoPassword(dir, { DEMO_PASSWORD: 'short' })).toThrow(/at least 8/);
    const generated = loadOrCreateDemoPassword(dir, {});
    expect(generated.source).toBe('file');
    expect(generated.password.length).toBeGreaterThanOrEqual(16);
    expect(loadOrCreateDemoPassword(dir, {}).password).toBe(generated.password);
    expect(readFileSync(join(dir, 'demo-password'), 'utf8')).toBe(generated.password);
    expect(statSync(join(dir, 'demo-password')).mode & 0o777).toBe(0o600);
  });
});

describe('ProviderStore (the provider’s in-memory adapter)', () => {
  it('finds by id and uid, forgets at expiry, consumes, and revokes a grant’s artefacts together', async () => {
    let now = 1_000_000;
    const store = new ProviderStore({ maxEntries: 100, now: () => now });
    const sessions = store.factory()('Session');
    const refresh = store.factory()('RefreshToken');
    const codes = store.factory()('AuthorizationCode');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a' }, 60);
    await refresh.upsert('r1', { grantId: 'g1' }, 3600);
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await codes.upsert('c2', { grantId: 'g2' }, 60);
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'a' });
    await codes.consume('c2');
    expect(await codes.find('c2')).toMatchObject({ consumed: 1000 });
    await refresh.revokeByGrantId('g1');
    expect(await refresh.find('r1')).toBeUndefined();
    expect(await codes.find('c1')).toBeUndefined();
    expect(await codes.find('c2')).toBeDefined();
    now += 61_000;
    expect(await sessions.findByUid('u1')).toBeUndefined();
    expect(await codes.find('c2')).toBeUndefined();
  });

  it('is kept across restarts in its file (0600), without what has expired', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrm-oidc-store-'));
    try {
      const file = join(dir, 'store.json');
      let now = 5_000_000;
      const first = new ProviderStore({ file, now: () => now });
      await first.factory()('Session').upsert('s1', { uid: 'u1', accountId: 'a' }, 3600);
      await first.factory()('RefreshToken').upsert('r1', { grantId: 'g1' }, 3600);
      await first.factory()('Interaction').upsert('i1', {}, 10);
      first.flush();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      now += 20_000;
      const second = new ProviderStore({ file, now: () => now });
      expect(second.size).toBe(2);
      expect(await second.factory()('Session').findByUid('u1')).toMatchObject({ accountId: 'a' });
      await second.factory()('RefreshToken').revokeByGrantId('g1');
      expect(await second.factory()('RefreshToken').find('r1')).toBeUndefined();
      writeFileSync(file, 'not json');
      expect(new ProviderStore({ file }).size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stays bounded: expired entries go first, then the oldest', async () => {
    let now = 0;
    const store = new ProviderStore({ maxEntries: 2, now: () => now });
    const model = store.factory()('Interaction');
    await model.upsert('old', {}, 10);
    await model.upsert('keep', {}, 1000);
    now = 20_000;
    await model.upsert('new', {}, 1000);
    expect(await model.find('keep')).toBeDefined();
    expect(store.size).toBe(2);
    await model.upsert('newer', {}, 1000);
    expect(await model.find('keep')).toBeUndefined();
    expect(await model.find('newer')).toBeDefined();
  });
});

describe('the provider’s pages', () => {
  it('escape what they show back and carry no script', () => {
    const html = loginPage({
      uid: 'abc',
      lang: 'en',
      username: '"><script>x</script>',
      error: 'wrongPassword',
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(escapeHtml('"><script>x</script>'));
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('The username or password is not right.');
  });

  it('speak Azerbaijani by default, and English or Russian when the console or the browser asks', () => {
    expect(pageLanguage(undefined, undefined)).toBe('az');
    expect(pageLanguage('ru-RU en', 'en')).toBe('ru');
    expect(pageLanguage('fr', 'de-DE,en;q=0.8')).toBe('en');
    expect(pageLanguage(42, 'fr')).toBe('az');
    const az = loginPage({ uid: 'u', lang: 'az' });
    expect(az).toContain('<html lang="az">');
    expect(az).toContain('<label for="password">Şifrə</label>');
    expect(loginPage({ uid: 'u', lang: 'ru' })).toContain('<label for="username">Имя пользователя</label>');
    for (const lang of PAGE_LANGUAGES) {
      expect(refusedPage('u', lang, 'noRole')).toContain(`<html lang="${lang}">`);
    }
  });
});

describe('LoginThrottle', () => {
  it('refuses a username after 5 wrong passwords within 15 minutes, until the oldest leaves the window', () => {
    let now = 0;
    const throttle = new LoginThrottle(5, 15 * 60_000, 100, () => now);
    for (let i = 0; i < 5; i++) {
      expect(throttle.allows('dost.manager')).toBe(true);
      throttle.failed('dost.manager');
      now += 60_000;
    }
    expect(throttle.allows('dost.manager')).toBe(false);
    expect(throttle.allows('ssa.officer')).toBe(true);
    now = 15 * 60_000 + 1;
    expect(throttle.allows('dost.manager')).toBe(true);
  });

  it('forgets a username on success, and stays bounded', () => {
    const throttle = new LoginThrottle(1, 60_000, 2, () => 0);
    throttle.failed('a');
    expect(throttle.allows('a')).toBe(false);
    throttle.succeeded('a');
    expect(throttle.allows('a')).toBe(true);
    throttle.failed('b');
    throttle.failed('c');
    throttle.failed('d');
    expect(throttle.allows('b')).toBe(true);
    expect(throttle.allows('d')).toBe(false);
  });
});
