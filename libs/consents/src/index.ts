export * from './consent.entity';
