import { Module } from '@nestjs/common';
import { InboxService } from './inbox.service';
import { TaskWriter } from './task-writer.service';

/** Inbox reads and task writes. Needs the global PersistenceModule (DataSource). */
@Module({ providers: [InboxService, TaskWriter], exports: [InboxService, TaskWriter] })
export class TasksModule {}
