import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FieldCipher, FieldDecryptionError, personField } from './field-cipher';
import { generateFieldKeys, loadFieldKeys, loadOrCreateLocalKeys, parseEncryptionKeys } from './field-keys';
import { normalisePhone, normaliseText } from './normalise';

const ROW = '6f1c1f8e-6a7b-4c55-9d1e-0a4d2f3b9c10';
const OTHER_ROW = '0b7e0a4e-2f43-4a0c-8c39-1f3b8a8f5d21';
const NAME = 'Aynur Məmmədova';

describe('FieldCipher', () => {
  const keys = generateFieldKeys([1, 2]);
  const cipher = new FieldCipher(keys);

  it('round-trips and never stores the plaintext', () => {
    const blob = cipher.encrypt(NAME, personField('full_name_enc', ROW));
    expect(cipher.decrypt(blob, personField('full_name_enc', ROW))).toBe(NAME);
    expect(blob.includes(Buffer.from(NAME, 'utf8'))).toBe(false);
    expect(blob.includes(Buffer.from('Aynur', 'utf8'))).toBe(false);
  });

  it('uses a fresh IV: the same value encrypts differently', () => {
    const a = cipher.encrypt(NAME, personField('full_name_enc', ROW));
    const b = cipher.encrypt(NAME, personField('full_name_enc', ROW));
    expect(a.equals(b)).toBe(false);
  });

  it('encrypts with the highest key version and stores it in the value', () => {
    expect(cipher.currentKeyVersion).toBe(2);
    const blob = cipher.encrypt(NAME, personField('full_name_enc', ROW));
    expect(cipher.keyVersionOf(blob)).toBe(2);
  });

  it.each([
    ['a flipped ciphertext bit', (b: Buffer) => (b[b.length - 1]! ^= 0x01)],
    ['a flipped tag bit', (b: Buffer) => (b[20]! ^= 0x01)],
    ['a flipped IV bit', (b: Buffer) => (b[5]! ^= 0x01)],
  ])('rejects %s', (_label, tamper) => {
    const blob = Buffer.from(cipher.encrypt(NAME, personField('full_name_enc', ROW)));
    tamper(blob);
    expect(() => cipher.decrypt(blob, personField('full_name_enc', ROW))).toThrow(FieldDecryptionError);
  });

  it('rejects a value moved to another row or column (AAD)', () => {
    const blob = cipher.encrypt(NAME, personField('full_name_enc', ROW));
    expect(() => cipher.decrypt(blob, personField('full_name_enc', OTHER_ROW))).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(blob, personField('address_enc', ROW))).toThrow(FieldDecryptionError);
  });

  it('rejects a key-version byte rewritten to another existing key', () => {
    const blob = Buffer.from(cipher.encrypt(NAME, personField('full_name_enc', ROW)));
    blob.writeUInt16BE(1, 1);
    expect(() => cipher.decrypt(blob, personField('full_name_enc', ROW))).toThrow(FieldDecryptionError);
  });

  it('rejects truncated values and unknown key versions without echoing data', () => {
    const blob = cipher.encrypt(NAME, personField('full_name_enc', ROW));
    expect(() => cipher.decrypt(blob.subarray(0, 10), personField('full_name_enc', ROW))).toThrow(/format/);
    const unknown = Buffer.from(blob);
    unknown.writeUInt16BE(9, 1);
    const error = (() => {
      try {
        cipher.decrypt(unknown, personField('full_name_enc', ROW));
        return null;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(FieldDecryptionError);
    expect(error?.message).not.toContain('Aynur');
  });

  it('rotation: old values stay readable, and re-encrypt to the current key', () => {
    const old = new FieldCipher({ encryption: new Map([[1, keys.encryption.get(1)!]]), blindIndex: keys.blindIndex });
    const blob = old.encrypt(NAME, personField('phone_enc', ROW));
    expect(cipher.needsReencryption(blob)).toBe(true);
    expect(cipher.decrypt(blob, personField('phone_enc', ROW))).toBe(NAME);
    const rotated = cipher.reencrypt(blob, personField('phone_enc', ROW));
    expect(cipher.keyVersionOf(rotated)).toBe(2);
    expect(cipher.needsReencryption(rotated)).toBe(false);
  });

  it('nullable helpers keep null', () => {
    expect(cipher.encryptNullable(null, personField('health_enc', ROW))).toBeNull();
    expect(cipher.decryptNullable(null, personField('health_enc', ROW))).toBeNull();
  });

  describe('blind index', () => {
    it('is stable across spelling variants and differs between values and kinds', () => {
      const a = cipher.nameIndex('  Aynur   Məmmədova ');
      expect(a).toBe(cipher.nameIndex('AYNUR MƏMMƏDOVA'));
      expect(a).toMatch(/^[0-9a-f]{64}$/);
      expect(a).not.toBe(cipher.nameIndex('Aynur Məmmədov'));
      expect(cipher.phoneIndex('+994 50 123 45 67')).toBe(cipher.phoneIndex('050-123-45-67'));
      expect(cipher.phoneIndex('0501234567')).not.toBe(cipher.nameIndex('0501234567'));
      expect(cipher.nameIndex('   ')).toBeNull();
    });

    it('depends on the blind-index key, not the encryption keys', () => {
      const otherBlind = new FieldCipher({ encryption: keys.encryption, blindIndex: generateFieldKeys().blindIndex });
      expect(otherBlind.nameIndex(NAME)).not.toBe(cipher.nameIndex(NAME));
      const otherEnc = new FieldCipher({ encryption: generateFieldKeys([7]).encryption, blindIndex: keys.blindIndex });
      expect(otherEnc.nameIndex(NAME)).toBe(cipher.nameIndex(NAME));
    });
  });
});

describe('normalisation', () => {
  it('text: NFKC, dotted/dotless i, lower case, whitespace', () => {
    expect(normaliseText('  İLHAM\t Əliyev ')).toBe('ilham əliyev');
    expect(normaliseText('Ilham')).toBe(normaliseText('ılham'));
  });
  it('phone: digits only, national and 00 forms to 994', () => {
    expect(normalisePhone('+994 (50) 123-45-67')).toBe('994501234567');
    expect(normalisePhone('00994501234567')).toBe('994501234567');
    expect(normalisePhone('050 123 45 67')).toBe('994501234567');
    expect(normalisePhone('116111')).toBe('116111');
  });
});

describe('key configuration', () => {
  const k1 = Buffer.alloc(32, 1).toString('base64');
  const k2 = Buffer.alloc(32, 2).toString('base64');

  it('parses the list and JSON forms; the highest version is current', () => {
    const list = parseEncryptionKeys(`v1:${k1},v2:${k2}`);
    expect([...list.keys()]).toEqual([1, 2]);
    const json = parseEncryptionKeys(JSON.stringify({ v2: k2, 1: k1 }));
    expect(json.get(2)?.equals(Buffer.alloc(32, 2))).toBe(true);
    const cipher = new FieldCipher(loadFieldKeys({ FIELD_ENCRYPTION_KEYS: `v1:${k1},v2:${k2}`, BLIND_INDEX_KEY: k1 }));
    expect(cipher.currentKeyVersion).toBe(2);
  });

  it('rejects malformed keys without printing them', () => {
    const short = Buffer.alloc(16, 3).toString('base64');
    expect(() => parseEncryptionKeys(`v1:${short}`)).toThrow(/32 bytes/);
    expect(() => parseEncryptionKeys(`v1:${short}`)).not.toThrow(new RegExp(short.slice(0, 8)));
    expect(() => parseEncryptionKeys(`vX:${k1}`)).toThrow(/versions/);
    expect(() => parseEncryptionKeys(`v1:${k1},v1:${k2}`)).toThrow(/twice/);
    expect(() => loadFieldKeys({ FIELD_ENCRYPTION_KEYS: `v1:${k1}` })).toThrow(/BLIND_INDEX_KEY/);
    expect(() => loadFieldKeys({ NODE_ENV: 'production' })).toThrow(/required in production/);
  });

  it('local keys are generated once, 0600, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrm-keys-'));
    try {
      const keyDir = join(dir, 'keys');
      const first = loadOrCreateLocalKeys(keyDir);
      const content = readFileSync(join(keyDir, 'field-keys.json'), 'utf8');
      const second = loadOrCreateLocalKeys(keyDir);
      expect(readFileSync(join(keyDir, 'field-keys.json'), 'utf8')).toBe(content);
      expect(second.encryption.get(1)?.equals(first.encryption.get(1)!)).toBe(true);
      expect(statSync(join(keyDir, 'field-keys.json')).mode & 0o777).toBe(0o600);
      expect(statSync(keyDir).mode & 0o777).toBe(0o700);
      const viaEnv = loadFieldKeys({ NRM_DATA_DIR: dir });
      expect(viaEnv.blindIndex.equals(first.blindIndex)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
