/**
 * Environment variables a production process refuses to start without (NODE_ENV=production). deploy/ sets them
 * (Kubernetes ConfigMap + Secret, Compose .env); test/process/kubernetes-manifests.e2e-spec.ts checks that it does.
 */
export const REQUIRED_IN_PRODUCTION = {
  api: [
    'DATABASE_URL',
    'TEMPORAL_ADDRESS',
    'TEMPORAL_NAMESPACE',
    'FIELD_ENCRYPTION_KEYS',
    'BLIND_INDEX_KEY',
    'TEMPORAL_PAYLOAD_KEY',
    'AUDIT_SIGNING_KEY',
    'OIDC_ISSUER',
    'OIDC_JWKS_URL',
    'OIDC_AUDIENCE',
  ],
  worker: [
    'DATABASE_URL',
    'TEMPORAL_ADDRESS',
    'TEMPORAL_NAMESPACE',
    'FIELD_ENCRYPTION_KEYS',
    'BLIND_INDEX_KEY',
    'TEMPORAL_PAYLOAD_KEY',
    'AUDIT_SIGNING_KEY',
  ],
  migrate: ['DATABASE_URL'],
} as const;

export type ProductionProcess = keyof typeof REQUIRED_IN_PRODUCTION;

/** Variables that may instead be given as a mounted file (`<NAME>_FILE`). */
const FILE_ALTERNATIVES: ReadonlySet<string> = new Set(['AUDIT_SIGNING_KEY']);

/**
 * In production, throws naming every required variable that is unset (names only, never values). A variable with a
 * file alternative is also satisfied by `<NAME>_FILE`.
 */
export function assertProductionEnv(
  processName: ProductionProcess,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (env.NODE_ENV !== 'production') return;
  const missing = REQUIRED_IN_PRODUCTION[processName].filter(
    (name) => !env[name] && !(FILE_ALTERNATIVES.has(name) && env[`${name}_FILE`]),
  );
  if (missing.length > 0)
    throw new Error(`${processName}: missing required settings in production: ${missing.join(', ')}`);
}
