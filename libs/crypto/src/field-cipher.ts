import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { type FieldKeys } from './field-keys';
import { normalisePhone, normaliseText } from './normalise';

/** Where an encrypted value lives; bound into the ciphertext as AAD so it cannot be moved to another row/column. */
export interface FieldContext {
  table: string;
  column: string;
  rowId: string;
}

/** Raised for any value that cannot be decrypted (tampered, moved, truncated, unknown key). Carries no data. */
export class FieldDecryptionError extends Error {
  constructor(readonly reason: 'format' | 'unknown-key' | 'authentication') {
    super(`field decryption failed (${reason})`);
    this.name = 'FieldDecryptionError';
  }
}

export type BlindIndexKind = 'name' | 'phone';

/*
 * Value layout (bytea):  [0]=0x01 format | [1..2] key version (uint16 BE) | [3..14] IV (12) | [15..30] GCM tag (16)
 *                        | [31..] ciphertext
 * AAD = "nrm:v1|<table>|<column>|<rowId>|<keyVersion>".
 */
const FORMAT = 0x01;
const HEADER = 1 + 2 + 12 + 16;

function aad(context: FieldContext, version: number): Buffer {
  return Buffer.from(`nrm:v1|${context.table}|${context.column}|${context.rowId}|${version}`, 'utf8');
}

/**
 * AES-256-GCM field encryption with key versions, and HMAC-SHA256 blind indexes (separate key) for exact lookup.
 * Construct with keys from `loadFieldKeys()`; in Nest inject it from `CryptoModule`.
 */
export class FieldCipher {
  readonly currentKeyVersion: number;
  private readonly keys: ReadonlyMap<number, Buffer>;
  private readonly blindKey: Buffer;

  constructor(keys: FieldKeys) {
    if (keys.encryption.size === 0) throw new Error('FieldCipher needs at least one encryption key');
    this.keys = keys.encryption;
    this.blindKey = keys.blindIndex;
    this.currentKeyVersion = Math.max(...keys.encryption.keys());
  }

  encrypt(plaintext: string, context: FieldContext): Buffer {
    const version = this.currentKeyVersion;
    const key = this.keys.get(version)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(context, version));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const header = Buffer.alloc(3);
    header.writeUInt8(FORMAT, 0);
    header.writeUInt16BE(version, 1);
    return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
  }

  decrypt(value: Buffer, context: FieldContext): string {
    if (value.length < HEADER || value.readUInt8(0) !== FORMAT) throw new FieldDecryptionError('format');
    const version = value.readUInt16BE(1);
    const key = this.keys.get(version);
    if (!key) throw new FieldDecryptionError('unknown-key');
    const decipher = createDecipheriv('aes-256-gcm', key, value.subarray(3, 15));
    decipher.setAAD(aad(context, version));
    decipher.setAuthTag(value.subarray(15, HEADER));
    try {
      return Buffer.concat([decipher.update(value.subarray(HEADER)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError('authentication');
    }
  }

  /** `null`/`undefined` stay `null` (a column without a value). */
  encryptNullable(plaintext: string | null | undefined, context: FieldContext): Buffer | null {
    return plaintext === null || plaintext === undefined ? null : this.encrypt(plaintext, context);
  }

  decryptNullable(value: Buffer | null | undefined, context: FieldContext): string | null {
    return value === null || value === undefined ? null : this.decrypt(value, context);
  }

  /** Key version a stored value was encrypted with. */
  keyVersionOf(value: Buffer): number {
    if (value.length < HEADER || value.readUInt8(0) !== FORMAT) throw new FieldDecryptionError('format');
    return value.readUInt16BE(1);
  }

  /** True when the value should be re-encrypted with the current key (rotation). */
  needsReencryption(value: Buffer): boolean {
    return this.keyVersionOf(value) !== this.currentKeyVersion;
  }

  /** Re-encrypts under the current key (same context). */
  reencrypt(value: Buffer, context: FieldContext): Buffer {
    return this.encrypt(this.decrypt(value, context), context);
  }

  /**
   * Blind index (hex HMAC-SHA256 over the normalised value, domain-separated by kind), or null for an empty value.
   * Same input → same index, so `WHERE name_bidx = $1` finds a person without decrypting anything.
   */
  blindIndex(kind: BlindIndexKind, value: string | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    const normalised = kind === 'phone' ? normalisePhone(value) : normaliseText(value);
    if (normalised.length === 0) return null;
    return createHmac('sha256', this.blindKey).update(`${kind}\u0000${normalised}`, 'utf8').digest('hex');
  }

  nameIndex(value: string | null | undefined): string | null {
    return this.blindIndex('name', value);
  }

  phoneIndex(value: string | null | undefined): string | null {
    return this.blindIndex('phone', value);
  }
}

/** Convenience for `persons` columns: `personField('full_name_enc', id)`. */
export function personField(column: string, rowId: string): FieldContext {
  return { table: 'persons', column, rowId };
}
