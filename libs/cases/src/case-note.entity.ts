import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A case note: free text (encrypted) that stays with the organisation that wrote it. */
@Entity({ name: 'case_notes' })
export class CaseNoteEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'uuid' })
  authorId!: string;

  /** AES-GCM ciphertext of the text, bound to (case_notes, body_enc, id). */
  @Column({ type: 'bytea' })
  bodyEnc!: Buffer;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
