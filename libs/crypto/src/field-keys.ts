import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Keys for field encryption (by version) and the separate blind-index key. Each key is 32 bytes. */
export interface FieldKeys {
  /** version → AES-256 key. The highest version encrypts; every version decrypts. */
  encryption: ReadonlyMap<number, Buffer>;
  blindIndex: Buffer;
}

const KEY_BYTES = 32;
const MAX_VERSION = 0xffff;

function decodeKey(text: string, what: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${what} must be ${KEY_BYTES} bytes, base64-encoded`);
  return key;
}

function parseVersion(label: string): number {
  const version = Number(label.trim().replace(/^v/i, ''));
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) {
    throw new Error('FIELD_ENCRYPTION_KEYS: key versions must be integers 1..65535 (optionally prefixed "v")');
  }
  return version;
}

/**
 * Parses FIELD_ENCRYPTION_KEYS: either JSON (`{"v1":"<base64>","v2":"<base64>"}` or with bare numbers as keys) or
 * `v1:<base64>,v2:<base64>`. Error messages never include key material.
 */
export function parseEncryptionKeys(text: string): Map<number, Buffer> {
  const entries: [string, string][] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed !== 'object' || parsed === null) throw new Error('FIELD_ENCRYPTION_KEYS: expected a JSON object');
    for (const [label, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') throw new Error('FIELD_ENCRYPTION_KEYS: key values must be base64 strings');
      entries.push([label, value]);
    }
  } else {
    for (const part of trimmed.split(',').filter((p) => p.trim().length > 0)) {
      const colon = part.indexOf(':');
      if (colon < 0) throw new Error('FIELD_ENCRYPTION_KEYS: expected v<version>:<base64>[,...]');
      entries.push([part.slice(0, colon), part.slice(colon + 1)]);
    }
  }
  const keys = new Map<number, Buffer>();
  for (const [label, value] of entries) {
    const version = parseVersion(label);
    if (keys.has(version)) throw new Error(`FIELD_ENCRYPTION_KEYS: version ${version} appears twice`);
    keys.set(version, decodeKey(value, `FIELD_ENCRYPTION_KEYS v${version}`));
  }
  if (keys.size === 0) throw new Error('FIELD_ENCRYPTION_KEYS: no keys');
  return keys;
}

interface KeyFile {
  encryption: Record<string, string>;
  blindIndex: string;
}

/** `<repo>/.data/keys` (or `$NRM_DATA_DIR/keys`). */
export function defaultKeyDir(): string {
  if (process.env.NRM_DATA_DIR) return join(resolve(process.env.NRM_DATA_DIR), 'keys');
  const fromDist = __dirname.split(/[\\/]/).includes('dist') ? ['..'] : [];
  return resolve(__dirname, '..', '..', '..', ...fromDist, '.data', 'keys');
}

/**
 * Local development/demo keys: generated once into `<dir>/field-keys.json` (directory 0700, file 0600) and reused,
 * so data encrypted in earlier runs stays readable.
 */
export function loadOrCreateLocalKeys(dir: string = defaultKeyDir()): FieldKeys {
  const file = join(dir, 'field-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const content: KeyFile = {
      encryption: { v1: randomBytes(KEY_BYTES).toString('base64') },
      blindIndex: randomBytes(KEY_BYTES).toString('base64'),
    };
    // 'wx': never overwrite a key file another process created meanwhile.
    try {
      writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  return {
    encryption: parseEncryptionKeys(JSON.stringify(parsed.encryption)),
    blindIndex: decodeKey(parsed.blindIndex, 'blind index key'),
  };
}

/**
 * Keys from configuration: FIELD_ENCRYPTION_KEYS + BLIND_INDEX_KEY (base64, 32 bytes). When FIELD_ENCRYPTION_KEYS is
 * unset outside production, falls back to local keys under `.data/keys` (embedded mode). In production missing keys
 * are an error.
 */
export function loadFieldKeys(env: NodeJS.ProcessEnv = process.env): FieldKeys {
  const configured = env.FIELD_ENCRYPTION_KEYS;
  if (configured) {
    const blind = env.BLIND_INDEX_KEY;
    if (!blind) throw new Error('BLIND_INDEX_KEY must be set together with FIELD_ENCRYPTION_KEYS');
    return { encryption: parseEncryptionKeys(configured), blindIndex: decodeKey(blind, 'BLIND_INDEX_KEY') };
  }
  if (env.NODE_ENV === 'production') throw new Error('FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY are required in production');
  return loadOrCreateLocalKeys(env.NRM_DATA_DIR ? join(resolve(env.NRM_DATA_DIR), 'keys') : defaultKeyDir());
}

/** Fresh random keys (tests, key generation scripts). */
export function generateFieldKeys(versions: number[] = [1]): FieldKeys {
  return {
    encryption: new Map(versions.map((v) => [v, randomBytes(KEY_BYTES)] as const)),
    blindIndex: randomBytes(KEY_BYTES),
  };
}
