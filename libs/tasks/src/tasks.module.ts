import { Module } from '@nestjs/common';
import { InboxService } from './inbox.service';
import { TaskCompletionService } from './task-completion.service';
import { TaskWriter } from './task-writer.service';

/** Inbox reads, task writes and manual completion. Needs the global PersistenceModule (DataSource). */
@Module({ providers: [InboxService, TaskWriter, TaskCompletionService], exports: [InboxService, TaskWriter, TaskCompletionService] })
export class TasksModule {}
