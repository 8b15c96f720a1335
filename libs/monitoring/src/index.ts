export * from './contact-statistics.service';
export * from './agency-performance.service';
export * from './monitoring-actor';
export * from './monitoring.module';
export * from './reporting-window';
export * from './statistics-scope';
export * from './risk-statistics.service';
