export * from './consent.entity';
export * from './consent-query.service';
export * from './consent-recording.service';
export * from './consent-records';
export * from './consents.module';
