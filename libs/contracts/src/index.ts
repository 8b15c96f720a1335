export * from './ids';
export * from './payloads';
export * from './activities';
export * from './messages';
export * from './timeouts';
export * from './audit-checkpoint';
export * from './notifications';
