import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditSigningKey, headSigningMessage, loadAuditSigningKey } from './audit-signing-key';

describe('audit signing key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nrm-audit-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('signs and verifies a head; another message, another key or a damaged signature does not verify', () => {
    const key = AuditSigningKey.generate();
    const message = headSigningMessage('10000000-0000-4000-8000-0000000000A1', 3, 'ab'.repeat(32));
    const signature = key.sign(message);
    expect(key.verify(message, signature)).toBe(true);
    expect(
      key.verify(headSigningMessage('10000000-0000-4000-8000-0000000000a1', 4, 'ab'.repeat(32)), signature),
    ).toBe(false);
    expect(AuditSigningKey.generate().verify(message, signature)).toBe(false);
    expect(key.verify(message, `A${signature.slice(1)}`)).toBe(false);
    expect(key.verify(message, null)).toBe(false);
    expect(key.verify(message, 'not base64 at all!')).toBe(false);
  });

  it('reads AUDIT_SIGNING_KEY as PEM, as base64 of the PEM, as base64 DER, or from AUDIT_SIGNING_KEY_FILE', () => {
    const key = AuditSigningKey.generate();
    const pem = key.exportPrivatePem();
    const der = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(loadAuditSigningKey({ AUDIT_SIGNING_KEY: pem }).keyId).toBe(key.keyId);
    expect(loadAuditSigningKey({ AUDIT_SIGNING_KEY: Buffer.from(pem).toString('base64') }).keyId).toBe(
      key.keyId,
    );
    expect(loadAuditSigningKey({ AUDIT_SIGNING_KEY: der.toString('base64') }).canSign).toBe(true);
    const file = join(dir, 'key.pem');
    writeFileSync(file, pem);
    expect(loadAuditSigningKey({ AUDIT_SIGNING_KEY_FILE: file }).keyId).toBe(key.keyId);
    // A public key alone verifies (audit:verify on an auditor's machine) but cannot sign.
    const verifyOnly = loadAuditSigningKey({ AUDIT_SIGNING_KEY: key.exportPublicPem() });
    expect(verifyOnly).toMatchObject({ keyId: key.keyId, canSign: false });
    expect(() => verifyOnly.sign('x')).toThrow(/can only verify/);
  });

  it('refuses a malformed or non-Ed25519 key with an error naming the variable and no key material', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    for (const value of ['not-a-key', rsa, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----']) {
      let message = '';
      try {
        loadAuditSigningKey({ AUDIT_SIGNING_KEY: value });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^AUDIT_SIGNING_KEY: expected an Ed25519 private key/);
      expect(message).not.toContain(value.slice(0, 20));
    }
    expect(() => loadAuditSigningKey({ AUDIT_SIGNING_KEY_FILE: join(dir, 'missing.pem') })).toThrow(
      /^AUDIT_SIGNING_KEY_FILE: cannot read/,
    );
    expect(() => loadAuditSigningKey({ NODE_ENV: 'production' })).toThrow(
      /AUDIT_SIGNING_KEY .* required in production/,
    );
  });

  it('generates the local key once under <NRM_DATA_DIR>/keys (0600) and reuses it', () => {
    const first = loadAuditSigningKey({ NRM_DATA_DIR: dir });
    const second = loadAuditSigningKey({ NRM_DATA_DIR: dir });
    expect(second.keyId).toBe(first.keyId);
    const file = join(dir, 'keys', 'audit-signing-key.pem');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
  });
});
