import { randomUUID } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CryptoKey,
  type JWK,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';

export const LOCAL_ALGORITHM = 'ES256';
const PRIVATE_FILE = 'local-signing-key.jwk.json';

export interface LocalKeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

function isEcPrivateJwk(v: unknown): v is JWK & { kty: 'EC'; crv: 'P-256'; d: string; x: string; y: string } {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Record<string, unknown>;
  return (
    j.kty === 'EC' &&
    j.crv === 'P-256' &&
    typeof j.d === 'string' &&
    typeof j.x === 'string' &&
    typeof j.y === 'string'
  );
}

function asKey(k: CryptoKey | Uint8Array): CryptoKey {
  if (k instanceof Uint8Array) throw new Error('expected an asymmetric key');
  return k;
}

async function fromPrivateJwk(jwk: JWK): Promise<LocalKeyPair> {
  if (!isEcPrivateJwk(jwk)) throw new Error('local signing key file is not an EC P-256 private JWK');
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = asKey(await importJWK(jwk, LOCAL_ALGORITHM));
  const publicKey = asKey(await importJWK(publicJwk, LOCAL_ALGORITHM));
  return { kid, privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg: LOCAL_ALGORITHM, use: 'sig' } };
}

/**
 * The local ES256 signing key pair kept in `<keyDir>/local-signing-key.jwk.json` (0600; dir 0700), generated on
 * first use. Creation is race-safe across processes: the key is written to a temporary file and hard-linked into
 * place, so a concurrent starter either wins or reads the complete winner.
 */
export async function loadOrCreateLocalKeyPair(keyDir: string): Promise<LocalKeyPair> {
  const path = join(keyDir, PRIVATE_FILE);
  try {
    return await fromPrivateJwk(JSON.parse(readFileSync(path, 'utf8')) as JWK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  chmodSync(keyDir, 0o700);
  const { privateKey } = await generateKeyPair(LOCAL_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const tmp = join(keyDir, `.${PRIVATE_FILE}.${randomUUID()}.tmp`);
  writeFileSync(tmp, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return fromPrivateJwk(JSON.parse(readFileSync(path, 'utf8')) as JWK);
}
