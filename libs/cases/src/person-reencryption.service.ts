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
 * After a key rotation (a new, highest version in FIELD_ENCRYPTION_KEYS), re-encrypts the persons rows, case notes,
 * safety plan notes and risk answers still under an older key so that key can be retired. Batch by batch, each batch one transaction: rows are locked (SKIP LOCKED,
 * so two runs share the work), each field is decrypted and encrypted again under the current key with the same AAD,
 * and one audit event per row records which fields were rewritten (system actor, the case owner's chain). Blind
 * indexes do not change. Safe to stop and run again: a row is done once its key_version is current.
 */
/**
 * Encrypted columns outside `persons`, each re-encrypted with the AAD it was written with ({table, column, rowId}).
 * The key version is in the ciphertext's header (FieldCipher: format byte, then the version as uint16); a null column
 * (an item without a note, an interview assessment without answers) has nothing to rewrite.
 */
interface EncryptedColumn {
  table: string;
  column: string;
  subjectType: string;
  field: string;
}
const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'case_notes', column: 'body_enc', subjectType: 'case_note', field: 'body' },
  { table: 'safety_plan_items', column: 'note_enc', subjectType: 'safety_plan_item', field: 'note' },
  { table: 'risk_assessments', column: 'answers_enc', subjectType: 'risk_assessment', field: 'riskAnswers' },
];
const olderKey = (c: EncryptedColumn): string =>
  `${c.column} IS NOT NULL AND (get_byte(${c.column}, 1) * 256 + get_byte(${c.column}, 2)) <> $1`;

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
    for (const encrypted of ENCRYPTED_COLUMNS) {
      while (batches < maxBatches) {
        const done = await this.reencryptColumn(encrypted, version, batchSize);
        if (done === 0) break;
        reencrypted += done;
        batches += 1;
      }
    }
    const counts = ENCRYPTED_COLUMNS.map((c) => `(SELECT count(*) FROM ${c.table} WHERE ${olderKey(c)})`);
    const [left] = await this.dataSource.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM persons WHERE key_version <> $1) + ${counts.join(' + ')} AS n`,
      [version],
    );
    return { keyVersion: version, reencrypted, batches, remaining: Number(left?.n ?? 0) };
  }

  /** One batch of rows whose encrypted column is under an older key (audited per row, the case owner's chain). */
  private reencryptColumn(c: EncryptedColumn, version: number, batchSize: number): Promise<number> {
    return inTransaction(this.dataSource, async (m) => {
      const rows: { id: string; case_id: string; organisation_id: string; value: Buffer }[] = await m.query(
        `SELECT id, case_id, organisation_id, ${c.column} AS value FROM ${c.table}
          WHERE ${olderKey(c)} ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [version, batchSize],
      );
      for (const row of rows) {
        const context = { table: c.table, column: c.column, rowId: row.id };
        await m.query(`UPDATE ${c.table} SET ${c.column} = $2 WHERE id = $1`, [row.id, this.cipher.reencrypt(row.value, context)]);
        await this.audit.record(m, {
          actorId: SYSTEM_ACTOR_ID,
          organisationId: row.organisation_id,
          action: 'PERSONAL_DATA_REENCRYPTED',
          subjectType: c.subjectType,
          subjectId: row.id,
          caseId: row.case_id,
          fields: [c.field],
        });
      }
      return rows.length;
    });
  }
}
