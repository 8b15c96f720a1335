export * from './embedded-oidc-provider';
export * from './provider-secrets';
export * from './staff-accounts';
