import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { FieldCipher, personField } from '@lib/crypto';
import { CaseStatus, DomainError, PersonRole, generateCaseCode } from '@lib/domain';
import { enqueueWorkflowStart, IdempotencyService, PG_UNIQUE_VIOLATION, postgresErrorCode } from '@lib/persistence';
import { Action, defineAbilityFor } from '@lib/authz';
import { type CaseActor } from './case-actor';
import { CaseEntity } from './case.entity';
import { recordCaseWorker } from './case-assignment.service';
import { ContactEntity } from './contact.entity';
import { type OpenCaseCommand, type ValidOpenCase, type ValidPersonData, validateOpenCase } from './open-case.validation';
import { PERSON_COLUMNS, SCALAR_PERSON_FIELDS } from './person-columns';
import { PersonEntity } from './person.entity';
import { TimelineKind, TimelineWriter } from './timeline-writer.service';

export interface RequestMeta {
  requestId: string | null;
}

/**
 * Opens a case from a first contact: contact + case + encrypted persons + timeline + audit, in ONE transaction, at most
 * once per (actor, idempotencyKey). Callable without GraphQL (takes an actor and plain input).
 */
@Injectable()
export class CaseIntakeService {
  constructor(
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
  ) {}

  /** Returns the id of the case (the first run's case on a retry). */
  async openCase(actor: CaseActor, input: OpenCaseCommand, meta: RequestMeta, now = new Date()): Promise<{ caseId: string; replayed: boolean }> {
    const subject = { kind: 'Case' as const, owningOrganisationId: actor.organisationId, region: actor.region, recipientOrganisationIds: [], teamIds: [], assignedOrganisationIds: [] };
    if (!defineAbilityFor(actor).can(Action.Create, subject)) throw DomainError.forbidden('Your role cannot open cases');
    const valid = validateOpenCase(input, now);
    // The request hash must not be a plain hash of personal data: personal values enter it only as keyed HMACs.
    const requestHash = IdempotencyService.hashRequest({ ...valid, survivor: this.keyed(valid.survivor), dependants: valid.dependants.map((d) => this.keyed(d)) });
    const result = await this.idempotency.runOnce(actor.staffId, valid.idempotencyKey, 'openCase', requestHash, async (manager) => {
      const caseId = await this.insertCase(manager, actor, valid, now);
      // The staff member who opens the case is its first worker (access inside the organisation follows assignment).
      await recordCaseWorker(manager, { caseId, organisationId: actor.organisationId, staffId: actor.staffId, assignedBy: actor.staffId, at: now });
      await manager.insert(ContactEntity, {
        organisationId: actor.organisationId,
        channel: valid.channel,
        anonymous: valid.anonymous,
        category: valid.category,
        callerType: valid.callerType,
        childAgeBand: valid.childAgeBand,
        receivedAt: now,
        caseId,
        recordedBy: actor.staffId,
      });
      const written = await this.insertPerson(manager, caseId, PersonRole.SURVIVOR, valid.survivor, now);
      for (const dependant of valid.dependants) {
        await this.insertPerson(manager, caseId, PersonRole.DEPENDANT, { ...EMPTY_PERSON, ...dependant }, now);
      }
      if (valid.dependants.length > 0) written.push('dependants');
      await this.timeline.append(manager, {
        caseId,
        organisationId: actor.organisationId,
        actorId: actor.staffId,
        kind: TimelineKind.CASE_OPENED,
        occurredAt: now,
        details: { category: valid.category, riskLevel: valid.riskLevel, channel: valid.channel, anonymous: valid.anonymous },
      });
      await this.audit.record(manager, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'CASE_OPENED',
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        fields: written,
        requestId: meta.requestId,
      });
      // The case workflow (follow-ups, referral children, closure) starts with the case, via the outbox.
      await enqueueWorkflowStart(manager, { kind: 'CASE', subjectId: caseId, caseId, actorId: actor.staffId });
      return caseId;
    });
    return { caseId: result.id, replayed: result.replayed };
  }

  private keyed(person: Partial<ValidPersonData>): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const [field, value] of Object.entries(person)) {
      out[field] = typeof value === 'string' ? this.cipher.blindIndex('name', `${field}:${value}`) : null;
    }
    return out;
  }

  private async insertCase(
    manager: EntityManager,
    actor: CaseActor,
    { category, riskLevel, isChild, incident }: Pick<ValidOpenCase, 'category' | 'riskLevel' | 'isChild' | 'incident'>,
    now: Date,
  ): Promise<string> {
    // 40-bit random codes: a collision is rare; retry a few times inside a savepoint-free loop by pre-checking.
    for (let attempt = 0; attempt < 5; attempt++) {
      const caseCode = generateCaseCode(randomBytes(5));
      const taken = await manager.existsBy(CaseEntity, { caseCode });
      if (taken) continue;
      const id = randomUUID();
      try {
        await manager.insert(CaseEntity, {
          id,
          caseCode,
          owningOrganisationId: actor.organisationId,
          caseManagerId: actor.staffId,
          region: actor.region,
          category,
          riskLevel,
          isChild,
          incidentDate: incident.date,
          incidentPlaceType: incident.placeType,
          status: CaseStatus.OPEN,
          openedAt: now,
        });
        return id;
      } catch (error) {
        if (postgresErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
        throw DomainError.conflict('Case code collision, please retry');
      }
    }
    throw DomainError.conflict('Could not allocate a case code, please retry');
  }

  /** Encrypts each present field with AAD bound to (persons, column, row id). Returns the field NAMES written. */
  private async insertPerson(manager: EntityManager, caseId: string, role: PersonRole, data: ValidPersonData, now: Date): Promise<string[]> {
    const id = randomUUID();
    const row: Partial<PersonEntity> = {
      id,
      caseId,
      role,
      keyVersion: this.cipher.currentKeyVersion,
      nameBidx: this.cipher.nameIndex(data.fullName),
      phoneBidx: this.cipher.phoneIndex(data.phone),
      createdAt: now,
    };
    const written: string[] = [];
    for (const field of SCALAR_PERSON_FIELDS) {
      const { property, column } = PERSON_COLUMNS[field];
      row[property] = this.cipher.encryptNullable(data[field], personField(column, id));
      if (data[field] !== null) written.push(field);
    }
    await manager.insert(PersonEntity, row);
    return written;
  }
}

const EMPTY_PERSON: ValidPersonData = { fullName: null, dateOfBirth: null, phone: null, address: null, narrative: null, healthNotes: null };
