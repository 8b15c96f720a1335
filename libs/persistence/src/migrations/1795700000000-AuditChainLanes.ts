import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each organisation's audit trail becomes up to AUDIT_LANES parallel hash chains (libs/audit audit-lanes.ts), so its
 * concurrent writers stop queueing behind one chain-head lock. A head now records its organisation and lane; every
 * existing chain (chain id = organisation id) is that organisation's lane 0, unchanged.
 */
export class AuditChainLanes1795700000000 implements MigrationInterface {
  name = 'AuditChainLanes1795700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_chain_heads
        ADD COLUMN organisation_id uuid NULL,
        ADD COLUMN lane smallint NOT NULL DEFAULT 0 CONSTRAINT ck_audit_chain_heads_lane CHECK (lane >= 0)`);
    await q.query(`UPDATE audit_chain_heads SET organisation_id = chain_id`);
    await q.query(
      `ALTER TABLE audit_chain_heads ALTER COLUMN organisation_id SET NOT NULL, ALTER COLUMN lane DROP DEFAULT`,
    );
    await q.query(
      `CREATE UNIQUE INDEX ux_audit_chain_heads_lane ON audit_chain_heads (organisation_id, lane)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    // Lanes above 0 cannot be folded back into one chain without rewriting hashes: refuse rather than lose the trail.
    const rows = (await q.query(`SELECT count(*)::int AS n FROM audit_chain_heads WHERE lane > 0`)) as {
      n: number;
    }[];
    if ((rows[0]?.n ?? 0) > 0)
      throw new Error('AuditChainLanes down: organisations have more than one audit lane; cannot revert');
    await q.query(`DROP INDEX ux_audit_chain_heads_lane`);
    await q.query(`ALTER TABLE audit_chain_heads DROP COLUMN lane, DROP COLUMN organisation_id`);
  }
}
