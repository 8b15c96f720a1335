import { assertProductionEnv, REQUIRED_IN_PRODUCTION } from './production-env';

describe('assertProductionEnv', () => {
  const full = Object.fromEntries(REQUIRED_IN_PRODUCTION.api.map((n) => [n, 'x']));
  it('outside production nothing is required', () => {
    expect(() => assertProductionEnv('api', {})).not.toThrow();
  });
  it('in production names every missing setting, never a value', () => {
    expect(() => assertProductionEnv('api', { ...full, NODE_ENV: 'production' })).not.toThrow();
    expect(() =>
      assertProductionEnv('worker', { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:secret@h/db' }),
    ).toThrow(
      'worker: missing required settings in production: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY, TEMPORAL_PAYLOAD_KEY, AUDIT_SIGNING_KEY',
    );
  });
  it('the audit signing key may come from a mounted file instead', () => {
    const { AUDIT_SIGNING_KEY: _inline, ...rest } = full;
    expect(() => assertProductionEnv('api', { ...rest, NODE_ENV: 'production' })).toThrow(/AUDIT_SIGNING_KEY$/);
    expect(() =>
      assertProductionEnv('api', { ...rest, NODE_ENV: 'production', AUDIT_SIGNING_KEY_FILE: '/run/secrets/audit.pem' }),
    ).not.toThrow();
  });
});
