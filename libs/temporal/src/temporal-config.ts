import { type DataConverter } from '@temporalio/common';
import { defaultKeyDir } from '@lib/crypto';
import { temporalSecurityFromEnv, type TemporalConnectionSecurity } from './connection-security';
import { AesGcmPayloadCodec, loadPayloadKeys } from './payload-codec';

export const DEFAULT_TEMPORAL_NAMESPACE = 'default';

export interface TemporalConfig {
  /** host:port of the Temporal frontend. */
  address: string;
  namespace: string;
  /**
   * Transport compression of the worker's requests (TEMPORAL_GRPC_COMPRESSION: gzip, the SDK's default, or none).
   * Over loopback to the embedded server gzip only costs CPU on both ends.
   */
  compression?: 'gzip' | 'none';
  /** TLS / mTLS / API key (connection-security.ts); absent: plaintext. */
  security?: TemporalConnectionSecurity;
}

/** TEMPORAL_GRPC_COMPRESSION: gzip (the SDK's default, also when unset) or none. */
export function grpcCompressionFromEnv(env: NodeJS.ProcessEnv = process.env): 'gzip' | 'none' {
  const compression = env.TEMPORAL_GRPC_COMPRESSION || 'gzip';
  if (compression !== 'gzip' && compression !== 'none') throw new Error('TEMPORAL_GRPC_COMPRESSION must be gzip or none');
  return compression;
}

/** TEMPORAL_ADDRESS (required unless `fallbackAddress` is given, e.g. the embedded server) and TEMPORAL_NAMESPACE. */
export function temporalConfigFromEnv(env: NodeJS.ProcessEnv = process.env, fallbackAddress?: string): TemporalConfig {
  const address = env.TEMPORAL_ADDRESS ?? fallbackAddress;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set');
  return {
    address,
    namespace: env.TEMPORAL_NAMESPACE || DEFAULT_TEMPORAL_NAMESPACE,
    compression: grpcCompressionFromEnv(env),
    security: temporalSecurityFromEnv(env),
  };
}

/** The data converter both client and worker must use: JSON payloads, AES-256-GCM encrypted. */
export function encryptedDataConverter(
  env: NodeJS.ProcessEnv = process.env,
  keyDir: string = defaultKeyDir(),
): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(keyDir, env))] };
}
