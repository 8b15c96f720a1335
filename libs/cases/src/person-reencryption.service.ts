import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, SYSTEM_ACTOR_ID } from '@lib/audit';
import { FieldCipher, personField } from '@lib/crypto';
import { inTransaction } from '@lib/persistence';
import { PERSON_COLUMNS, SCALAR_PERSON_FIELDS, type ScalarPersonField } from './person-columns';
import { PersonEntity } from './person.entity';

export interface ReencryptionReport {
  /** The key version every row is brought to. */
  keyVersion: number;
  reencrypted: number;
  batches: number;
  /** Rows still under an older key (locked by another run, or left by `maxBatches`). */
  remaining: number;
}

/**
 * After a key rotation (a new, highest version in FIELD_ENCRYPTION_KEYS), re-encrypts the persons rows, case notes and
 * safety plan notes still under an older key so that key can be retired. Batch by batch, each batch one transaction: rows are locked (SKIP LOCKED,
 * so two runs share the work), each field is decrypted and encrypted again under the current key with the same AAD,
 * and one audit event per row records which fields were rewritten (system actor, the case owner's chain). Blind
 * indexes do not change. Safe to stop and run again: a row is done once its key_version is current.
 */
/** The key version in an encrypted value's header (FieldCipher: format byte, then the version as uint16). */
const NOTE_KEY_VERSION = `(get_byte(body_enc, 1) * 256 + get_byte(body_enc, 2))`;
/** The same for a safety plan item's optional note (libs/risk; null when the item has no text). */
const PLAN_NOTE_KEY_VERSION = `(get_byte(note_enc, 1) * 256 + get_byte(note_enc, 2))`;

/** A persons row as selected for re-encryption: ids plus each encrypted column (bytea or null). */
interface LockedPerson {
  id: string;
  case_id: string;
  owning_organisation_id: string;
  [encryptedColumn: string]: string | Buffer | null;
}

@Injectable()
export class PersonReencryption {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async run(options: { batchSize?: number; maxBatches?: number } = {}): Promise<ReencryptionReport> {
    const batchSize = options.batchSize ?? 200;
    const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
    const version = this.cipher.currentKeyVersion;
    let reencrypted = 0;
    let batches = 0;
    while (batches < maxBatches) {
      const done = await inTransaction(this.dataSource, async (m) => {
        const columns = SCALAR_PERSON_FIELDS.map((f) => `p.${PERSON_COLUMNS[f].column}`).join(', ');
        const rows: LockedPerson[] = await m.query(
          `SELECT p.id, p.case_id, c.owning_organisation_id, ${columns}
             FROM persons p JOIN cases c ON c.id = p.case_id
            WHERE p.key_version <> $1
            ORDER BY p.id LIMIT $2
              FOR UPDATE OF p SKIP LOCKED`,
          [version, batchSize],
        );
        for (const person of rows) {
          const rewritten: ScalarPersonField[] = [];
          const update: Partial<PersonEntity> = { keyVersion: version };
          for (const field of SCALAR_PERSON_FIELDS) {
            const { property, column } = PERSON_COLUMNS[field];
            const value = person[column];
            if (!Buffer.isBuffer(value)) continue;
            update[property] = this.cipher.reencrypt(value, personField(column, person.id));
            rewritten.push(field);
          }
          await m.update(PersonEntity, { id: person.id }, update);
          await this.audit.record(m, {
            actorId: SYSTEM_ACTOR_ID,
            organisationId: person.owning_organisation_id,
            action: 'PERSONAL_DATA_REENCRYPTED',
            subjectType: 'person',
            subjectId: person.id,
            caseId: person.case_id,
            fields: rewritten,
          });
        }
        return rows.length;
      });
      if (done === 0) break;
      reencrypted += done;
      batches += 1;
    }
    while (batches < maxBatches) {
      const done = await this.reencryptCaseNotes(version, batchSize);
      if (done === 0) break;
      reencrypted += done;
      batches += 1;
    }
    while (batches < maxBatches) {
      const done = await this.reencryptSafetyPlanNotes(version, batchSize);
      if (done === 0) break;
      reencrypted += done;
      batches += 1;
    }
    const [left] = await this.dataSource.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM persons WHERE key_version <> $1)
            + (SELECT count(*) FROM case_notes WHERE ${NOTE_KEY_VERSION} <> $1)
            + (SELECT count(*) FROM safety_plan_items WHERE note_enc IS NOT NULL AND ${PLAN_NOTE_KEY_VERSION} <> $1) AS n`,
      [version],
    );
    return { keyVersion: version, reencrypted, batches, remaining: Number(left?.n ?? 0) };
  }

  /** One batch of case notes whose text is under an older key (the version is in the ciphertext's header). */
  private reencryptCaseNotes(version: number, batchSize: number): Promise<number> {
    return inTransaction(this.dataSource, async (m) => {
      const rows: { id: string; case_id: string; organisation_id: string; body_enc: Buffer }[] = await m.query(
        `SELECT id, case_id, organisation_id, body_enc FROM case_notes
          WHERE ${NOTE_KEY_VERSION} <> $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [version, batchSize],
      );
      for (const note of rows) {
        const context = { table: 'case_notes', column: 'body_enc', rowId: note.id };
        await m.query(`UPDATE case_notes SET body_enc = $2 WHERE id = $1`, [note.id, this.cipher.reencrypt(note.body_enc, context)]);
        await this.audit.record(m, {
          actorId: SYSTEM_ACTOR_ID,
          organisationId: note.organisation_id,
          action: 'PERSONAL_DATA_REENCRYPTED',
          subjectType: 'case_note',
          subjectId: note.id,
          caseId: note.case_id,
          fields: ['body'],
        });
      }
      return rows.length;
    });
  }

  /** One batch of safety plan items whose note is under an older key. */
  private reencryptSafetyPlanNotes(version: number, batchSize: number): Promise<number> {
    return inTransaction(this.dataSource, async (m) => {
      const rows: { id: string; case_id: string; organisation_id: string; note_enc: Buffer }[] = await m.query(
        `SELECT id, case_id, organisation_id, note_enc FROM safety_plan_items
          WHERE note_enc IS NOT NULL AND ${PLAN_NOTE_KEY_VERSION} <> $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [version, batchSize],
      );
      for (const item of rows) {
        const context = { table: 'safety_plan_items', column: 'note_enc', rowId: item.id };
        await m.query(`UPDATE safety_plan_items SET note_enc = $2 WHERE id = $1`, [item.id, this.cipher.reencrypt(item.note_enc, context)]);
        await this.audit.record(m, {
          actorId: SYSTEM_ACTOR_ID,
          organisationId: item.organisation_id,
          action: 'PERSONAL_DATA_REENCRYPTED',
          subjectType: 'safety_plan_item',
          subjectId: item.id,
          caseId: item.case_id,
          fields: ['note'],
        });
      }
      return rows.length;
    });
  }
}
