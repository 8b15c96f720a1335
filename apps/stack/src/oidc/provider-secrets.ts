import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWK, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

const SECRETS_FILE = 'oidc-provider.json';
const PASSWORD_FILE = 'demo-password';

/** The embedded provider's signing key (ES256, private JWK) and cookie-signing keys. */
export interface ProviderSecrets {
  signingKey: JWK;
  cookieKeys: string[];
}

/**
 * Writes `content` to `<dir>/<name>` (0600, dir 0700) unless it exists, race-safe across processes (temporary file
 * hard-linked into place), and returns what the file holds: the winner's content.
 */
function createOnce(dir: string, name: string, content: () => string): string {
  const path = join(dir, name);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tmp = join(dir, `.${name}.${randomUUID()}.tmp`);
  writeFileSync(tmp, content(), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return readFileSync(path, 'utf8');
}

function isProviderSecrets(v: unknown): v is ProviderSecrets {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const key = s.signingKey as Record<string, unknown> | undefined;
  return (
    typeof key === 'object' &&
    key !== null &&
    key.kty === 'EC' &&
    typeof key.d === 'string' &&
    Array.isArray(s.cookieKeys) &&
    s.cookieKeys.length > 0 &&
    s.cookieKeys.every((k) => typeof k === 'string' && k.length >= 32)
  );
}

/**
 * The provider's keys, generated once into `<keyDir>/oidc-provider.json` (0600) and kept, so the tokens and
 * sign-in cookies it issued stay valid across restarts.
 */
export async function loadOrCreateProviderSecrets(keyDir: string): Promise<ProviderSecrets> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const fresh: ProviderSecrets = {
    signingKey: { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
  const parsed: unknown = JSON.parse(createOnce(keyDir, SECRETS_FILE, () => JSON.stringify(fresh)));
  if (!isProviderSecrets(parsed)) throw new Error(`${SECRETS_FILE} is not the embedded provider's key file`);
  return parsed;
}

export interface DemoPassword {
  password: string;
  /** `env`: DEMO_PASSWORD; `file`: generated once into `<keyDir>/demo-password`. */
  source: 'env' | 'file';
}

/** DEMO_PASSWORD, or one generated once into `<keyDir>/demo-password` (0600) and kept. */
export function loadOrCreateDemoPassword(keyDir: string, env: NodeJS.ProcessEnv = process.env): DemoPassword {
  const fromEnv = env.DEMO_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 8) throw new Error('DEMO_PASSWORD must be at least 8 characters');
    return { password: fromEnv, source: 'env' };
  }
  const password = createOnce(keyDir, PASSWORD_FILE, () => randomBytes(12).toString('base64url')).trim();
  if (password.length < 8) throw new Error(`${PASSWORD_FILE} holds no usable password`);
  return { password, source: 'file' };
}
