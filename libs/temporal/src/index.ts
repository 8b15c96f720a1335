export * from './payload-codec';
export * from './temporal-config';
export * from './referral-process.client';
export * from './temporal.module';
export * from './connection-security';
export * from './namespace-registration';
