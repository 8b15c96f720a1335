export * from './deadline-policy.loader';
export * from './read-model';
export * from './referral-process.activities';
