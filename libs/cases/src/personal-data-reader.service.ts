import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { FieldCipher, personField } from '@lib/crypto';
import { type ChildAgeBand, type PersonField, PersonRole, childAgeBand } from '@lib/domain';
import { inTransaction } from '@lib/persistence';
import { type CaseActor } from './case-actor';
import { type CaseAccess } from './case-access.service';
import { type ScalarPersonField, PERSON_COLUMNS, SCALAR_PERSON_FIELDS, encryptedValue } from './person-columns';
import { PersonEntity } from './person.entity';

export interface DependantData {
  id: string;
  /** Identity: only for a viewer allowed the survivor's identity (never a pseudonymous recipient such as the SSA). */
  fullName: string | null;
  dateOfBirth: string | null;
  /** What a recipient of the CHILDREN category without identity sees instead of a date of birth. */
  ageBand: ChildAgeBand | null;
}

/** The survivor's fields that were requested: readable ones decrypted, refused ones named (never their values). */
export interface PersonalDataRead {
  personId: string;
  values: Partial<Record<ScalarPersonField, string | null>>;
  dependants: DependantData[] | null;
  refused: PersonField[];
}

/**
 * Reads (decrypts) the survivor's personal data for a viewer whose access was resolved at request time. Only fields
 * both requested and allowed are decrypted; the read is audited (field NAMES, purpose, break-glass flag, request id)
 * in the same transaction as the read. Returns null when the case has no survivor record.
 */
@Injectable()
export class PersonalDataReader {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async readSurvivor(
    actor: CaseActor,
    access: CaseAccess,
    requested: readonly PersonField[],
    meta: { requestId: string | null; justification?: string | null },
  ): Promise<PersonalDataRead | null> {
    const allowed = requested.filter((f) => access.allowedFields.includes(f));
    const refused = requested.filter((f) => !access.allowedFields.includes(f));
    return inTransaction(this.dataSource, async (manager) => {
      const persons = await manager.find(PersonEntity, { where: { caseId: access.case.id }, order: { createdAt: 'ASC', id: 'ASC' } });
      const survivor = persons.find((p) => p.role === PersonRole.SURVIVOR);
      if (!survivor) return null;
      const values: PersonalDataRead['values'] = {};
      for (const field of SCALAR_PERSON_FIELDS) {
        if (allowed.includes(field)) values[field] = this.decrypt(survivor, field);
      }
      let dependants: DependantData[] | null = null;
      if (allowed.includes('dependants')) {
        dependants = persons
          .filter((p) => p.role === PersonRole.DEPENDANT)
          .map((p) => {
            // A dependant's name and date of birth are identity data: they follow the viewer's access to identity.
            const dateOfBirth = this.decrypt(p, 'dateOfBirth');
            return {
              id: p.id,
              fullName: access.allowedFields.includes('fullName') ? this.decrypt(p, 'fullName') : null,
              dateOfBirth: access.allowedFields.includes('dateOfBirth') ? dateOfBirth : null,
              ageBand: childAgeBand(dateOfBirth, new Date()),
            };
          });
      }
      if (allowed.length > 0) {
        await this.audit.record(manager, {
          actorId: actor.staffId,
          organisationId: actor.organisationId,
          action: access.kind === 'BREAK_GLASS' ? 'BREAK_GLASS_READ_PERSONAL_DATA' : 'READ_PERSONAL_DATA',
          subjectType: 'person',
          subjectId: survivor.id,
          caseId: access.case.id,
          fields: allowed,
          purpose: access.purpose,
          justification: meta.justification ?? null,
          breakGlass: access.kind === 'BREAK_GLASS',
          requestId: meta.requestId,
        });
      }
      return { personId: survivor.id, values, dependants, refused };
    });
  }

  private decrypt(person: PersonEntity, field: ScalarPersonField): string | null {
    return this.cipher.decryptNullable(encryptedValue(person, field), personField(PERSON_COLUMNS[field].column, person.id));
  }
}
