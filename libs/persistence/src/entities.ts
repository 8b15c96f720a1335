// Relative imports on purpose: feature libs' index files also export services that import this lib.
import { AuditEventEntity } from '../../audit/src/audit-event.entity';
import { CaseEntity } from '../../cases/src/case.entity';
import { CaseNoteEntity } from '../../cases/src/case-note.entity';
import { ContactEntity } from '../../cases/src/contact.entity';
import { PersonEntity } from '../../cases/src/person.entity';
import { TimelineEntryEntity } from '../../cases/src/timeline-entry.entity';
import { ConsentEntity } from '../../consents/src/consent.entity';
import { OrganisationEntity } from '../../organisations/src/organisation.entity';
import { RegionMonitoringGroupEntity } from '../../organisations/src/region-monitoring-group.entity';
import { StaffMemberEntity } from '../../organisations/src/staff-member.entity';
import { ReferralEntity } from '../../referrals/src/referral.entity';
import { TaskEntity } from '../../tasks/src/task.entity';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { NOTIFICATION_ENTITIES } from '../../notifications/src/notification-entities';

/** Every entity of the application, for the one DataSource. */
export const ENTITIES = [
  OrganisationEntity,
  RegionMonitoringGroupEntity,
  StaffMemberEntity,
  ContactEntity,
  CaseEntity,
  PersonEntity,
  TimelineEntryEntity,
  CaseNoteEntity,
  ConsentEntity,
  ReferralEntity,
  TaskEntity,
  AuditEventEntity,
  IdempotencyRecordEntity,
  ...NOTIFICATION_ENTITIES,
];
