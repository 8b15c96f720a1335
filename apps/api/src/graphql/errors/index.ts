export * from './domain-error-mapping';
export * from './error-formatter';
export * from './graphql-error-code';
export * from './graphql-exception.filter';
export * from './to-client-error';
