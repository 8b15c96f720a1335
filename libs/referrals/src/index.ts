export * from './referral.entity';
