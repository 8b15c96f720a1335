import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { insertEntity } from '@lib/persistence';
import { type TimelineDetails, TimelineEntryEntity } from './timeline-entry.entity';

/** Timeline entry kinds written by the services (details: ids and enum values only). */
export enum TimelineKind {
  CASE_OPENED = 'CASE_OPENED',
  CONSENT_RECORDED = 'CONSENT_RECORDED',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  REFERRAL_CREATED = 'REFERRAL_CREATED',
  REFERRAL_COUNTERSIGNED = 'REFERRAL_COUNTERSIGNED',
  REFERRAL_ACCEPTED = 'REFERRAL_ACCEPTED',
  REFERRAL_DECLINED = 'REFERRAL_DECLINED',
  REFERRAL_COMPLETED = 'REFERRAL_COMPLETED',
  REFERRAL_WITHDRAWN = 'REFERRAL_WITHDRAWN',
  CLOSURE_REQUESTED = 'CLOSURE_REQUESTED',
  CASE_CLOSED = 'CASE_CLOSED',
  BREAK_GLASS_READ = 'BREAK_GLASS_READ',
  /** The DOST intake was started through the API (the intake workflow's activities write its other entries). */
  INTAKE_STARTED = 'INTAKE_STARTED',
  /** Category, channel, incident or child flag corrected (details: the field names). */
  CASE_DETAILS_UPDATED = 'CASE_DETAILS_UPDATED',
  /** The survivor's personal data rectified (details: the field names, never values). */
  PERSONAL_DATA_RECTIFIED = 'PERSONAL_DATA_RECTIFIED',
  /** A risk assessment (details: assessment id, level, previous level, score, instrument version; never answers). */
  RISK_ASSESSED = 'RISK_ASSESSED',
  /** The monitoring group recorded a risk conference's outcome (details: conference id, outcome). */
  RISK_CONFERENCE_HELD = 'RISK_CONFERENCE_HELD',
  /** Protection orders (details: order id, kind; a breach: its id). */
  PROTECTION_ORDER_APPLIED = 'PROTECTION_ORDER_APPLIED',
  PROTECTION_ORDER_ISSUED = 'PROTECTION_ORDER_ISSUED',
  PROTECTION_ORDER_EXTENDED = 'PROTECTION_ORDER_EXTENDED',
  PROTECTION_ORDER_BREACH_REPORTED = 'PROTECTION_ORDER_BREACH_REPORTED',
}

export interface NewTimelineEntry {
  caseId: string;
  organisationId: string;
  actorId: string | null;
  kind: TimelineKind;
  referralId?: string | null;
  /** Ids and enum values only. */
  details?: TimelineDetails;
  occurredAt?: Date;
  dedupeKey?: string | null;
}

/** Appends timeline entries inside the caller's transaction. */
@Injectable()
export class TimelineWriter {
  async append(manager: EntityManager, entry: NewTimelineEntry): Promise<void> {
    await insertEntity(
      manager,
      TimelineEntryEntity,
      {
        caseId: entry.caseId,
        organisationId: entry.organisationId,
        actorId: entry.actorId,
        kind: entry.kind,
        referralId: entry.referralId ?? null,
        details: entry.details ?? {},
        occurredAt: entry.occurredAt ?? new Date(),
        dedupeKey: entry.dedupeKey ?? null,
      },
      { onConflictDoNothing: true },
    );
  }
}
