import { Module } from '@nestjs/common';
import { InboxService } from './inbox.service';
import { TaskAssignmentService } from './task-assignment.service';
import { TaskCompletionService } from './task-completion.service';
import { TaskWriter } from './task-writer.service';

/** Inbox reads, task writes, manual completion and assignment. Needs the global PersistenceModule (DataSource). */
@Module({
  providers: [InboxService, TaskWriter, TaskCompletionService, TaskAssignmentService],
  exports: [InboxService, TaskWriter, TaskCompletionService, TaskAssignmentService],
})
export class TasksModule {}
