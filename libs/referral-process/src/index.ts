export * from './deadline-policy.loader';
export * from './read-model';
export { type FaultInjector, type ReferralProcessOptions } from './activity-runner';
export * from './referral-process.activities';
export * from './deadline-policy.module';
