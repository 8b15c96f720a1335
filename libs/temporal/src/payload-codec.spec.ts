import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, METADATA_ENCODING_KEY } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, loadPayloadKeys, parsePayloadKeys } from './payload-codec';

const key = (): string => randomBytes(32).toString('base64');

describe('AesGcmPayloadCodec', () => {
  const codec = new AesGcmPayloadCodec(parsePayloadKeys(key()));
  const payload = defaultPayloadConverter.toPayload({ referralId: 'r-1', reason: 'No places in the region' });

  it('round-trips and leaves no plaintext in the encoded payload', async () => {
    const [encoded] = await codec.encode([payload]);
    expect(new TextDecoder().decode(encoded!.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('No places');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ referralId: 'r-1', reason: 'No places in the region' });
  });

  it('uses a fresh IV: the same payload encrypts differently', async () => {
    const [a] = await codec.encode([payload]);
    const [b] = await codec.encode([payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('rejects a tampered ciphertext and a foreign key', async () => {
    const [encoded] = await codec.encode([payload]);
    const data = Buffer.from(encoded!.data!);
    data[20] = (data[20] ?? 0) ^ 1;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow();
    const other = new AesGcmPayloadCodec(parsePayloadKeys(key()));
    await expect(other.decode([encoded!])).rejects.toThrow();
  });

  it('rotates: the newest version encrypts, older versions still decrypt', async () => {
    const v1 = key();
    const old = new AesGcmPayloadCodec(parsePayloadKeys(`v1:${v1}`));
    const [byOld] = await old.encode([payload]);
    const rotated = new AesGcmPayloadCodec(parsePayloadKeys(`v1:${v1},v2:${key()}`));
    const [byNew] = await rotated.encode([payload]);
    expect(new TextDecoder().decode(byNew!.metadata!['encryption-key-id'])).toBe('v2');
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([byOld!]))[0]!)).toMatchObject({ referralId: 'r-1' });
  });

  it('refuses malformed keys without echoing them', () => {
    expect(() => parsePayloadKeys('c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parsePayloadKeys('v1:c2hvcnQ=')).not.toThrow(/c2hvcnQ/);
  });

  it('generates one local key (0600) in embedded mode and reuses it; production requires the variable', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'nrm-keys-')), 'keys');
    const a = loadPayloadKeys(dir, {});
    const b = loadPayloadKeys(dir, {});
    expect(a.keys.get('k1')!.equals(b.keys.get('k1')!)).toBe(true);
    expect(statSync(join(dir, 'temporal-payload.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'temporal-payload.key'), 'utf8').trim()).toHaveLength(44);
    expect(() => loadPayloadKeys(dir, { NODE_ENV: 'production' })).toThrow(/required in production/);
  });
});
