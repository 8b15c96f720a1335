import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each audit chain head carries an Ed25519 signature over (chain id, seq, hash) made with a key that is not in the
 * database (libs/audit audit-signing-key.ts), and the id of that key. Existing heads stay unsigned (NULL) until their
 * chain's next event; the verifier reports an unsigned head.
 */
export class AuditHeadSignatures1796100000000 implements MigrationInterface {
  name = 'AuditHeadSignatures1796100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE audit_chain_heads ADD COLUMN signature text NULL, ADD COLUMN key_id text NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_chain_heads DROP COLUMN key_id, DROP COLUMN signature`);
  }
}
