export * from './crypto.module';
export * from './field-cipher';
export * from './field-keys';
export * from './normalise';
