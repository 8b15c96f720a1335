export * from './task.entity';
export * from './inbox.service';
export * from './task-writer.service';
export * from './tasks.module';
export * from './task-completion.service';
export * from './task-assignment.service';
