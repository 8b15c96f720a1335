import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action } from '@lib/authz';
import { FieldCipher, personField } from '@lib/crypto';
import {
  DomainError,
  InputIssues,
  PersonRole,
  requireCalendarDate,
  requireExpectedVersion,
  requireText,
  requireUuid,
} from '@lib/domain';
import { inTransaction, updateVersioned } from '@lib/persistence';
import { type CaseActor } from './case-actor';
import { CaseAccessService } from './case-access.service';
import { CaseEntity } from './case.entity';
import {
  PERSON_COLUMNS,
  SCALAR_PERSON_FIELDS,
  type ScalarPersonField,
  encryptedValue,
} from './person-columns';
import { PersonEntity } from './person.entity';
import { TimelineKind, TimelineWriter } from './timeline-writer.service';

const MAX_LENGTH: Readonly<Record<ScalarPersonField, number>> = {
  fullName: 200,
  dateOfBirth: 10,
  phone: 24,
  address: 500,
  narrative: 10000,
  healthNotes: 5000,
};
const PHONE = /^\+?[0-9 ()-]{5,24}$/;

/** The survivor's fields to rectify: a value replaces, null erases; absent fields stay. Messages never hold values. */
export function validateRectification(input: Record<string, unknown>): {
  caseId: string;
  expectedVersion: number;
  changes: Partial<Record<ScalarPersonField, string | null>>;
} {
  const issues = new InputIssues();
  const caseId = issues.check(() => requireUuid(input.caseId, ['input', 'caseId']));
  const expectedVersion = issues.check(() =>
    requireExpectedVersion(input.expectedVersion, ['input', 'expectedVersion']),
  );
  const survivor = (input.survivor ?? {}) as Record<string, unknown>;
  const changes: Partial<Record<ScalarPersonField, string | null>> = {};
  for (const field of SCALAR_PERSON_FIELDS) {
    const value = survivor[field];
    if (value === undefined) continue;
    const path = ['input', 'survivor', field];
    if (value === null) {
      changes[field] = null;
      continue;
    }
    const text = issues.check(() =>
      field === 'dateOfBirth'
        ? requireCalendarDate(value, path)
        : requireText(value, path, { maxLength: MAX_LENGTH[field] }),
    );
    if (text !== undefined && field === 'phone' && !PHONE.test(text))
      issues.add(path, 'must be a phone number');
    if (text !== undefined) changes[field] = text;
  }
  if (Object.keys(changes).length === 0 && issues.all.length === 0)
    issues.add(['input', 'survivor'], 'give at least one field to rectify');
  issues.throwIfAny('Invalid rectification');
  return { caseId: caseId as string, expectedVersion: expectedVersion as number, changes };
}

/**
 * Rectifies the survivor's personal data (the right to rectification) in the owning organisation, at the case's
 * `expectedVersion`. The row is re-encrypted whole under the current key (one key version per row) and its blind
 * indexes recomputed. The timeline and the audit event name the fields that changed, never their old or new values.
 */
@Injectable()
export class PersonRectificationService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async rectify(
    actor: CaseActor,
    input: Record<string, unknown>,
    meta: { requestId: string | null },
    now = new Date(),
  ): Promise<string> {
    const { caseId, expectedVersion, changes } = validateRectification(input);
    await inTransaction(this.dataSource, async (m) => {
      const access = await this.access.requireOwnerAction(actor, caseId, Action.Update, m);
      const person = await m.findOne(PersonEntity, {
        where: { caseId, role: PersonRole.SURVIVOR },
        lock: { mode: 'pessimistic_write' },
      });
      if (!person) throw DomainError.conflict('The case has no survivor record');
      const subject = {
        kind: 'Person' as const,
        id: person.id,
        caseId,
        owningOrganisationId: access.case.owningOrganisationId,
        region: access.case.region,
        recipientOrganisationIds: [],
        teamIds: access.subject.teamIds,
        assignedOrganisationIds: access.subject.assignedOrganisationIds,
      };
      if (!access.ability.can(Action.Update, subject))
        throw DomainError.forbidden('Your role cannot rectify personal data');
      const current: Record<ScalarPersonField, string | null> = Object.fromEntries(
        SCALAR_PERSON_FIELDS.map((f) => [
          f,
          this.cipher.decryptNullable(
            encryptedValue(person, f),
            personField(PERSON_COLUMNS[f].column, person.id),
          ),
        ]),
      ) as Record<ScalarPersonField, string | null>;
      const changed = SCALAR_PERSON_FIELDS.filter(
        (f) => changes[f] !== undefined && changes[f] !== current[f],
      );
      const next = { ...current, ...changes };
      const row: Partial<PersonEntity> = {
        keyVersion: this.cipher.currentKeyVersion,
        nameBidx: this.cipher.nameIndex(next.fullName),
        phoneBidx: this.cipher.phoneIndex(next.phone),
      };
      for (const f of SCALAR_PERSON_FIELDS)
        row[PERSON_COLUMNS[f].property] = this.cipher.encryptNullable(
          next[f],
          personField(PERSON_COLUMNS[f].column, person.id),
        );
      await updateVersioned(m, CaseEntity, caseId, expectedVersion, {});
      await m.update(PersonEntity, { id: person.id }, row);
      await this.timeline.append(m, {
        caseId,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.PERSONAL_DATA_RECTIFIED,
        occurredAt: now,
        details: { fields: changed },
      });
      await this.audit.record(m, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'PERSONAL_DATA_RECTIFIED',
        subjectType: 'person',
        subjectId: person.id,
        caseId,
        fields: changed,
        requestId: meta.requestId,
      });
    });
    return caseId;
  }
}
