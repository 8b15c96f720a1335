export * from './payload-codec';
export * from './temporal-config';
export * from './referral-process.client';
export * from './temporal.module';
export * from './workflow-start.dispatcher';
export * from './connection-security';
export * from './namespace-registration';
export * from './engine-unavailable';
