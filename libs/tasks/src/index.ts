export * from './task.entity';
