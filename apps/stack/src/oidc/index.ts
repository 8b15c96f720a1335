export * from './embedded-oidc-plan';
export * from './embedded-oidc-provider';
export * from './provider-secrets';
export * from './staff-accounts';
