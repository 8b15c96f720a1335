import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** EscalationTarget values (libs/domain deadline-policy.ts), frozen here like the enums of the initial schema. */
export const ESCALATION_TARGET_VALUES = ['SENDER_SUPERVISOR', 'REGION_MONITORING_GROUP'] as const;

/**
 * The deadline policy's escalation targets are pinned on the referral with its deadlines when it opens, so a policy
 * change applies to new referrals only. NULL: opened before this column existed (or not opened yet); such a referral
 * escalates to every target, as all referrals did before.
 */
export class PinnedEscalationTargets1795400000000 implements MigrationInterface {
  name = 'PinnedEscalationTargets1795400000000';

  public async up(q: QueryRunner): Promise<void> {
    const values = ESCALATION_TARGET_VALUES.map((v) => `'${v}'`).join(', ');
    await q.query(`
      ALTER TABLE referrals ADD COLUMN escalate_to text[] NULL
        CONSTRAINT ck_referrals_escalate_to CHECK (escalate_to <@ ARRAY[${values}]::text[])`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referrals DROP COLUMN escalate_to`);
  }
}
