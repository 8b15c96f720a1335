import { Module } from '@nestjs/common';
import { TasksModule } from '@lib/tasks';
import { AccessLogService } from './access-log.service';
import { BreakGlassService } from './break-glass.service';
import { CaseAssignmentService, CaseloadService } from './case-assignment.service';
import { CaseAccessService } from './case-access.service';
import { CaseDetailsService } from './case-details.service';
import { CaseNotesService } from './case-notes.service';
import { CaseIntakeService } from './case-intake.service';
import { CaseTimelineService } from './case-timeline.service';
import { DuplicateSearchService } from './duplicate-search.service';
import { PersonalDataReader } from './personal-data-reader.service';
import { PersonRectificationService } from './person-rectification.service';
import { RegionStatusService } from './region-status.service';
import { TimelineWriter } from './timeline-writer.service';

const SERVICES = [
  AccessLogService,
  BreakGlassService,
  CaseAssignmentService,
  CaseloadService,
  RegionStatusService,
  CaseAccessService, CaseDetailsService, CaseNotesService, CaseIntakeService, CaseTimelineService, DuplicateSearchService, PersonalDataReader, PersonRectificationService, TimelineWriter];

/** Needs the global PersistenceModule, CryptoModule and AuditModule providers. */
@Module({ imports: [TasksModule], providers: SERVICES, exports: SERVICES })
export class CasesModule {}
