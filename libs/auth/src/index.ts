export * from './auth-config';
export * from './local-keys';
export * from './local-token';
export * from './bearer-verifier';
export * from './issuer-routing-verifier';
