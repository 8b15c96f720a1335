import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultKeyDir } from '@lib/crypto';

const KEY_FILE = 'audit-signing-key.pem';

/**
 * The Ed25519 key that signs audit chain heads and checkpoints. It lives OUTSIDE the database (environment, a mounted
 * file, or `.data/keys` locally), so a database superuser who rewrites audit rows cannot produce valid signatures.
 */
export class AuditSigningKey {
  /** First 16 hex digits of SHA-256 over the public key (SPKI DER): names the key in heads and checkpoints. */
  readonly keyId: string;

  private constructor(
    private readonly privateKey: KeyObject | null,
    readonly publicKey: KeyObject,
  ) {
    this.keyId = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .slice(0, 16);
  }

  static fromPrivateKey(privateKey: KeyObject): AuditSigningKey {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error('not an Ed25519 private key');
    return new AuditSigningKey(privateKey, createPublicKey(privateKey));
  }

  /** A key that can only verify (e.g. an auditor's machine holding the public key alone). */
  static verifyOnly(publicKey: KeyObject): AuditSigningKey {
    if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519')
      throw new Error('not an Ed25519 public key');
    return new AuditSigningKey(null, publicKey);
  }

  /** A fresh key (tests, key generation). */
  static generate(): AuditSigningKey {
    return AuditSigningKey.fromPrivateKey(generateKeyPairSync('ed25519').privateKey);
  }

  get canSign(): boolean {
    return this.privateKey !== null;
  }

  /** Base64 Ed25519 signature over `message` (~50 µs here). */
  sign(message: string): string {
    if (!this.privateKey) throw new Error('AuditSigningKey: this key can only verify');
    return sign(null, Buffer.from(message, 'utf8'), this.privateKey).toString('base64');
  }

  verify(message: string, signature: string | null | undefined): boolean {
    if (!signature) return false;
    try {
      return verify(null, Buffer.from(message, 'utf8'), this.publicKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }

  /** PKCS#8 PEM of the private key (key generation only). */
  exportPrivatePem(): string {
    if (!this.privateKey) throw new Error('AuditSigningKey: no private key');
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  exportPublicPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
}

/** What a chain head's signature covers: the chain, its last sequence number and that event's hash. */
export function headSigningMessage(chainId: string, seq: number, hash: string): string {
  return `nrm-audit-head/v1\n${chainId.toLowerCase()}\n${seq}\n${hash}`;
}

/** Parses a PEM (PKCS#8 private or SPKI public) or the base64 of its DER. Messages never contain key material. */
function parseKey(text: string, variable: string): AuditSigningKey {
  const trimmed = text.trim();
  try {
    if (trimmed.includes('-----BEGIN')) {
      if (trimmed.includes('PUBLIC KEY')) return AuditSigningKey.verifyOnly(createPublicKey(trimmed));
      return AuditSigningKey.fromPrivateKey(createPrivateKey(trimmed));
    }
    const der = Buffer.from(trimmed, 'base64');
    if (der.length === 0) throw new Error('empty');
    // A PEM given as base64 (handy in env files), else PKCS#8 DER.
    const decoded = der.toString('utf8');
    if (decoded.includes('-----BEGIN')) return parseKey(decoded, variable);
    try {
      return AuditSigningKey.fromPrivateKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
    } catch {
      return AuditSigningKey.verifyOnly(createPublicKey({ key: der, format: 'der', type: 'spki' }));
    }
  } catch {
    throw new Error(`${variable}: expected an Ed25519 private key (PKCS#8 PEM, or its DER as base64)`);
  }
}

/** The local key under `<dir>/audit-signing-key.pem` (dir 0700, file 0600), generated once, race-safe across processes. */
export function loadOrCreateLocalAuditKey(dir: string): AuditSigningKey {
  const path = join(dir, KEY_FILE);
  try {
    return parseKey(readFileSync(path, 'utf8'), path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tmp = join(dir, `.${KEY_FILE}.${randomUUID()}.tmp`);
  writeFileSync(tmp, AuditSigningKey.generate().exportPrivatePem(), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return parseKey(readFileSync(path, 'utf8'), path);
}

/**
 * The audit signing key: AUDIT_SIGNING_KEY (PEM or base64), or AUDIT_SIGNING_KEY_FILE (a mounted file), validated
 * with an error naming the variable; otherwise, outside production, the local key under `.data/keys` (or
 * `$NRM_DATA_DIR/keys`). A public key alone is accepted where only verification is needed (`audit:verify`).
 */
export function loadAuditSigningKey(env: NodeJS.ProcessEnv = process.env): AuditSigningKey {
  if (env.AUDIT_SIGNING_KEY) return parseKey(env.AUDIT_SIGNING_KEY, 'AUDIT_SIGNING_KEY');
  if (env.AUDIT_SIGNING_KEY_FILE) {
    let text: string;
    try {
      text = readFileSync(env.AUDIT_SIGNING_KEY_FILE, 'utf8');
    } catch {
      throw new Error('AUDIT_SIGNING_KEY_FILE: cannot read the file');
    }
    return parseKey(text, 'AUDIT_SIGNING_KEY_FILE');
  }
  if (env.NODE_ENV === 'production')
    throw new Error('AUDIT_SIGNING_KEY (or AUDIT_SIGNING_KEY_FILE) is required in production');
  return loadOrCreateLocalAuditKey(
    env.NRM_DATA_DIR ? join(resolve(env.NRM_DATA_DIR), 'keys') : defaultKeyDir(),
  );
}

let processKey: AuditSigningKey | null = null;

/** The process's key, loaded once (first use). */
export function processAuditSigningKey(): AuditSigningKey {
  processKey ??= loadAuditSigningKey();
  return processKey;
}
