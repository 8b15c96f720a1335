import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Case notes: a caseworker's free text about a case, kept by and for the organisation that wrote it (never shown to
 * another organisation, never part of a referral). The text is encrypted like the survivor's personal data
 * (`body_enc`, AES-GCM bound to this row and column); the row itself holds ids and times only.
 */
export class CaseNotes1796900000000 implements MigrationInterface {
  name = 'CaseNotes1796900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_notes (
        id uuid NOT NULL CONSTRAINT pk_case_notes PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT fk_case_notes_case REFERENCES cases (id),
        organisation_id uuid NOT NULL CONSTRAINT fk_case_notes_organisation REFERENCES organisations (id),
        author_id uuid NOT NULL CONSTRAINT fk_case_notes_author REFERENCES staff_members (id),
        body_enc bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_case_notes_case_organisation ON case_notes (case_id, organisation_id, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_notes`);
  }
}
