export * from './audit-event.entity';
export * from './audit-hash';
export * from './audit-lanes';
export * from './audit-verifier';
export * from './audit-writer';
export * from './audit.module';
