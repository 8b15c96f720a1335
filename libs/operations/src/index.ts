export * from './readiness';
export * from './probe-http';
export * from './metrics';
export * from './drain';
export * from './production-env';
