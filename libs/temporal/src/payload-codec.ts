import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** Metadata `encoding` of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key id that encrypted the payload (for rotation). */
export const ENCRYPTION_KEY_ID = 'encryption-key-id';
export const TEMPORAL_PAYLOAD_KEY_ENV = 'TEMPORAL_PAYLOAD_KEY';

const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export interface PayloadKeys {
  /** Key id → 32-byte key. */
  keys: Map<string, Buffer>;
  /** The key that encrypts; every key decrypts. */
  currentKeyId: string;
}

function decodeKey(value: string, what: string): Buffer {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${what}: expected base64 of 32 bytes`);
  return key;
}

/**
 * Parses TEMPORAL_PAYLOAD_KEY: either one base64 key (id `k1`) or versioned keys `v1:<base64>,v2:<base64>` (the highest
 * version encrypts, all decrypt). Error messages never include key material.
 */
export function parsePayloadKeys(text: string): PayloadKeys {
  const trimmed = text.trim();
  if (!trimmed.includes(':'))
    return { keys: new Map([['k1', decodeKey(trimmed, TEMPORAL_PAYLOAD_KEY_ENV)]]), currentKeyId: 'k1' };
  const keys = new Map<string, Buffer>();
  let best = -1;
  let currentKeyId = '';
  for (const part of trimmed.split(',')) {
    const m = /^v(\d+):(.+)$/.exec(part.trim());
    if (!m) throw new Error(`${TEMPORAL_PAYLOAD_KEY_ENV}: expected v<N>:<base64>[,v<N>:<base64>...]`);
    const id = `v${m[1]}`;
    if (keys.has(id)) throw new Error(`${TEMPORAL_PAYLOAD_KEY_ENV}: ${id} appears twice`);
    keys.set(id, decodeKey(m[2] as string, `${TEMPORAL_PAYLOAD_KEY_ENV} ${id}`));
    if (Number(m[1]) > best) {
      best = Number(m[1]);
      currentKeyId = id;
    }
  }
  return { keys, currentKeyId };
}

/**
 * The payload key: TEMPORAL_PAYLOAD_KEY when set; otherwise (embedded/dev mode only) a key generated once into
 * `<keyDir>/temporal-payload.key` (0600) and reused, so client and worker processes on one machine agree.
 * In production (NODE_ENV=production) a missing key is an error.
 */
export function loadPayloadKeys(keyDir: string, env: NodeJS.ProcessEnv = process.env): PayloadKeys {
  const configured = env[TEMPORAL_PAYLOAD_KEY_ENV];
  if (configured) return parsePayloadKeys(configured);
  if (env.NODE_ENV === 'production') throw new Error(`${TEMPORAL_PAYLOAD_KEY_ENV} is required in production`);
  const file = join(keyDir, 'temporal-payload.key');
  if (!existsSync(file)) {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return parsePayloadKeys(readFileSync(file, 'utf8'));
}

/**
 * AES-256-GCM payload codec shared by the client (API) and the worker: every workflow input, result, signal/update
 * argument, activity argument/result, memo and query result leaves the process encrypted, so the Temporal server and
 * its database only ever hold ciphertext. The whole Payload (metadata + data) is encrypted; the key id is bound as
 * additional authenticated data; a tampered payload fails to decode.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeys) {
    if (!keys.keys.has(keys.currentKeyId)) throw new Error('payload codec: current key missing');
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve(
      payloads.map((payload) => {
        const keyId = this.keys.currentKeyId;
        const key = this.keys.keys.get(keyId) as Buffer;
        const iv = randomBytes(IV_LENGTH);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        cipher.setAAD(Buffer.from(keyId, 'utf8'));
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
        return {
          metadata: {
            [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING),
            [ENCRYPTION_KEY_ID]: utf8.encode(keyId),
          },
          data: Buffer.concat([iv, encrypted, cipher.getAuthTag()]),
        };
      }),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    try {
      return Promise.resolve(payloads.map((payload) => this.decodeOne(payload)));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error('payload codec: decode failed'));
    }
  }

  private decodeOne(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || fromUtf8.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[ENCRYPTION_KEY_ID];
    if (!keyIdBytes) throw new Error('payload codec: encrypted payload without key id');
    const keyId = fromUtf8.decode(keyIdBytes);
    const key = this.keys.keys.get(keyId);
    if (!key) throw new Error(`payload codec: unknown key id ${keyId}`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_LENGTH + TAG_LENGTH) throw new Error('payload codec: ciphertext too short');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_LENGTH));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
    const plain = Buffer.concat([
      decipher.update(data.subarray(IV_LENGTH, data.length - TAG_LENGTH)),
      decipher.final(),
    ]);
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
