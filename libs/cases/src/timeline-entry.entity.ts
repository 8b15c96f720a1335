import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Values allowed in timeline details: ids, enum values, counts, flags. Never names or free text about a person. */
export type TimelineDetailValue = string | number | boolean | null | string[];
export type TimelineDetails = Record<string, TimelineDetailValue>;

/** One entry of a case's timeline. `details` holds ids and enum values only, never personal data. */
@Entity({ name: 'timeline_entries' })
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'uuid' })
  organisationId!: string;

  /** e.g. `CASE_OPENED`, `CONSENT_RECORDED`, `REFERRAL_CREATED`, `REFERRAL_ACCEPTED`. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'uuid', nullable: true })
  referralId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  details!: TimelineDetails;

  /** Unique when set: lets activities append an entry at most once. */
  @Column({ type: 'text', nullable: true, unique: true })
  dedupeKey!: string | null;
}
