import { readFileSync } from 'node:fs';
import { type TLSConfig } from '@temporalio/client';

/**
 * How the API and the worker authenticate to a Temporal cluster, from the environment (values, or files mounted from
 * a secret: `<NAME>_FILE` wins over `<NAME>`):
 *   TEMPORAL_TLS=true                     TLS with the system's CAs (implied by any setting below)
 *   TEMPORAL_TLS_CA(_FILE)                PEM of the CA that signed the cluster's certificate (self-hosted)
 *   TEMPORAL_TLS_CERT(_FILE) + TEMPORAL_TLS_KEY(_FILE)   mTLS client certificate and key (PEM), both or neither
 *   TEMPORAL_TLS_SERVER_NAME              the name the server's certificate carries, when it differs from the address
 *   TEMPORAL_API_KEY(_FILE)               API key (Temporal Cloud), sent as a bearer token over TLS
 * Nothing set: plaintext (the embedded server on loopback, a cluster inside a trusted network).
 */
export interface TemporalConnectionSecurity {
  tls?: TLSConfig | true;
  apiKey?: string;
}

export class TemporalSecurityConfigError extends Error {
  override readonly name = 'TemporalSecurityConfigError';
}

function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      throw new TemporalSecurityConfigError(`${name}_FILE cannot be read`);
    }
  }
  const value = env[name];
  return value ? value : undefined;
}

function pem(env: NodeJS.ProcessEnv, name: string, marker: RegExp): Buffer | undefined {
  const value = setting(env, name);
  if (value === undefined) return undefined;
  if (!marker.test(value))
    throw new TemporalSecurityConfigError(`${name} is not PEM (expected a -----BEGIN ...----- block)`);
  return Buffer.from(value);
}

/** Reads and validates the settings above; throws naming the setting at fault, never its value. */
export function temporalSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalConnectionSecurity {
  const flag = env.TEMPORAL_TLS;
  if (flag !== undefined && flag !== '' && flag !== 'true' && flag !== 'false') {
    throw new TemporalSecurityConfigError('TEMPORAL_TLS must be true or false');
  }
  const ca = pem(env, 'TEMPORAL_TLS_CA', /-----BEGIN CERTIFICATE-----/);
  const crt = pem(env, 'TEMPORAL_TLS_CERT', /-----BEGIN CERTIFICATE-----/);
  const key = pem(env, 'TEMPORAL_TLS_KEY', /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  const serverName = env.TEMPORAL_TLS_SERVER_NAME || undefined;
  const apiKey = setting(env, 'TEMPORAL_API_KEY')?.trim();
  if ((crt === undefined) !== (key === undefined)) {
    throw new TemporalSecurityConfigError(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mTLS needs both)',
    );
  }
  if (apiKey !== undefined && !/^[\x21-\x7e]+$/.test(apiKey))
    throw new TemporalSecurityConfigError('TEMPORAL_API_KEY must be one printable token');
  const anyTls = ca !== undefined || crt !== undefined || serverName !== undefined || apiKey !== undefined;
  if (flag === 'false' && anyTls) {
    throw new TemporalSecurityConfigError(
      'TEMPORAL_TLS=false contradicts the TLS / API key settings (an API key is never sent in plaintext)',
    );
  }
  if (flag !== 'true' && !anyTls) return {};
  const tls: TLSConfig = {
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(serverName ? { serverNameOverride: serverName } : {}),
  };
  return { tls: Object.keys(tls).length > 0 ? tls : true, ...(apiKey ? { apiKey } : {}) };
}
