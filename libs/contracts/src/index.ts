export * from './ids';
export * from './payloads';
export * from './activities';
export * from './messages';
export * from './timeouts';
export * from './notifications';
