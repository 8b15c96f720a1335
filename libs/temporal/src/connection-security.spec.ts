import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalSecurityFromEnv } from './connection-security';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

describe('temporalSecurityFromEnv', () => {
  it('nothing set: plaintext; TEMPORAL_TLS=true: TLS with the system CAs', () => {
    expect(temporalSecurityFromEnv({})).toEqual({});
    expect(temporalSecurityFromEnv({ TEMPORAL_TLS: 'true' })).toEqual({ tls: true });
  });

  it('CA, mTLS pair and server name from values or mounted files (files win)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrm-tls-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), CERT);
      writeFileSync(join(dir, 'key.pem'), KEY);
      const security = temporalSecurityFromEnv({
        TEMPORAL_TLS_CA_FILE: join(dir, 'ca.pem'),
        TEMPORAL_TLS_CA: 'ignored: the file wins',
        TEMPORAL_TLS_CERT: CERT,
        TEMPORAL_TLS_KEY_FILE: join(dir, 'key.pem'),
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      });
      expect(security.tls).toEqual({
        serverRootCACertificate: Buffer.from(CERT),
        clientCertPair: { crt: Buffer.from(CERT), key: Buffer.from(KEY) },
        serverNameOverride: 'temporal.internal',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an API key implies TLS and is never sent in plaintext', () => {
    expect(temporalSecurityFromEnv({ TEMPORAL_API_KEY: 'abc.def\n' })).toEqual({
      tls: true,
      apiKey: 'abc.def',
    });
    expect(() => temporalSecurityFromEnv({ TEMPORAL_API_KEY: 'abc', TEMPORAL_TLS: 'false' })).toThrow(
      'TEMPORAL_TLS=false contradicts',
    );
  });

  it('refuses half an mTLS pair, non-PEM material, unreadable files and bad flags, without quoting values', () => {
    expect(() => temporalSecurityFromEnv({ TEMPORAL_TLS_CERT: CERT })).toThrow(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together',
    );
    expect(() => temporalSecurityFromEnv({ TEMPORAL_TLS_CA: 'secret-not-pem' })).toThrow(
      /^TEMPORAL_TLS_CA is not PEM/,
    );
    expect(() => temporalSecurityFromEnv({ TEMPORAL_TLS_CA: 'secret-not-pem' })).not.toThrow(/secret/);
    expect(() =>
      temporalSecurityFromEnv({ TEMPORAL_TLS_KEY_FILE: '/nonexistent/key.pem', TEMPORAL_TLS_CERT: CERT }),
    ).toThrow('TEMPORAL_TLS_KEY_FILE cannot be read');
    expect(() => temporalSecurityFromEnv({ TEMPORAL_TLS: 'yes' })).toThrow(
      'TEMPORAL_TLS must be true or false',
    );
    expect(() => temporalSecurityFromEnv({ TEMPORAL_API_KEY: 'two words' })).toThrow(
      'TEMPORAL_API_KEY must be one printable token',
    );
  });
});
