export * from './actor';
export * from './subjects';
export * from './ability';
export * from './fields';
export * from './accessible-ids';
export * from './sql-scope';
export * from './task-assignment';
export * from './case-assignment';
