import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action } from '@lib/authz';
import {
  CaseCategory,
  ContactChannel,
  InputIssues,
  PlaceType,
  requireCalendarDate,
  requireEnum,
  requireExpectedVersion,
  requireUuid,
} from '@lib/domain';
import { inTransaction, updateVersioned } from '@lib/persistence';
import { type CaseActor } from './case-actor';
import { CaseAccessService } from './case-access.service';
import { CaseEntity } from './case.entity';
import { ContactEntity } from './contact.entity';
import { TimelineKind, TimelineWriter } from './timeline-writer.service';

export interface CaseDetailsChange {
  category?: CaseCategory;
  channel?: ContactChannel;
  incidentDate?: string | null;
  incidentPlaceType?: PlaceType | null;
  isChild?: boolean;
}

/** Validates updateCaseDetails' input: only the fields given change; `incident: null` clears the incident. */
export function validateCaseDetails(
  input: Record<string, unknown>,
  now: Date,
): { caseId: string; expectedVersion: number; change: CaseDetailsChange } {
  const p = (...f: string[]): string[] => ['input', ...f];
  const issues = new InputIssues();
  const caseId = issues.check(() => requireUuid(input.caseId, p('caseId')));
  const expectedVersion = issues.check(() =>
    requireExpectedVersion(input.expectedVersion, p('expectedVersion')),
  );
  const change: CaseDetailsChange = {};
  if (input.category !== undefined)
    change.category = issues.check(() => requireEnum(CaseCategory, input.category, p('category')));
  if (input.channel !== undefined)
    change.channel = issues.check(() => requireEnum(ContactChannel, input.channel, p('channel')));
  if (input.isChild !== undefined) {
    if (typeof input.isChild === 'boolean') change.isChild = input.isChild;
    else issues.add(p('isChild'), 'must be true or false');
  }
  if (input.incident === null) {
    change.incidentDate = null;
    change.incidentPlaceType = null;
  } else if (input.incident !== undefined) {
    const incident = input.incident as { date?: unknown; placeType?: unknown };
    if (incident.date !== undefined) {
      change.incidentDate =
        incident.date === null
          ? null
          : (issues.check(() => requireCalendarDate(incident.date, p('incident', 'date'))) ?? null);
      if (change.incidentDate && change.incidentDate > now.toISOString().slice(0, 10))
        issues.add(p('incident', 'date'), 'must not be in the future');
    }
    if (incident.placeType !== undefined) {
      change.incidentPlaceType =
        incident.placeType === null
          ? null
          : (issues.check(() => requireEnum(PlaceType, incident.placeType, p('incident', 'placeType'))) ??
            null);
    }
  }
  if (Object.keys(change).length === 0 && issues.all.length === 0)
    issues.add(p(), 'give at least one field to change');
  issues.throwIfAny('Invalid case details');
  return { caseId: caseId as string, expectedVersion: expectedVersion as number, change };
}

/**
 * Corrects a case's details after it was opened (category, channel of the first contact, incident, child flag), at
 * `expectedVersion`, by the owning organisation's case roles. One transaction with a timeline entry and an audit event
 * naming the fields changed (never their values).
 */
@Injectable()
export class CaseDetailsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async update(
    actor: CaseActor,
    input: Record<string, unknown>,
    meta: { requestId: string | null },
    now = new Date(),
  ): Promise<string> {
    const { caseId, expectedVersion, change } = validateCaseDetails(input, now);
    await inTransaction(this.dataSource, async (m) => {
      const { case: c } = await this.access.requireOwnerAction(actor, caseId, Action.Update, m);
      const { channel, ...caseChanges } = change;
      const fields: string[] = (Object.keys(caseChanges) as (keyof typeof caseChanges)[]).filter(
        (k) => caseChanges[k] !== c[k],
      );
      await updateVersioned(m, CaseEntity, caseId, expectedVersion, caseChanges);
      if (channel !== undefined) {
        const result = await m.update(ContactEntity, { caseId }, { channel });
        if ((result.affected ?? 0) > 0) fields.push('channel');
      }
      await this.timeline.append(m, {
        caseId,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.CASE_DETAILS_UPDATED,
        occurredAt: now,
        details: { fields },
      });
      await this.audit.record(m, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'CASE_DETAILS_UPDATED',
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        fields,
        requestId: meta.requestId,
      });
    });
    return caseId;
  }
}
