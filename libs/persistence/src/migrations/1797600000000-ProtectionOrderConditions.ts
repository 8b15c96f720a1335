import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** ProtectionOrderCondition values (libs/domain protection-order.ts), frozen here. */
export const PROTECTION_ORDER_CONDITION_VALUES = [
  'NO_VIOLENCE',
  'NO_CONTACT',
  'NO_APPROACH',
  'NO_SEARCH',
  'LEAVE_SHARED_HOME',
  'SURRENDER_WEAPONS',
  'CHILD_CONTACT_RESTRICTED',
  'ATTEND_PROGRAMME',
] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * What an issued protection order forbids or requires (issue 16: "validity and conditions"), as codes: recorded with
 * the issuance, seen by the police who enforce it. Orders issued before this migration keep an empty list.
 */
export class ProtectionOrderConditions1797600000000 implements MigrationInterface {
  name = 'ProtectionOrderConditions1797600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE protection_orders
        ADD COLUMN conditions text[] NOT NULL DEFAULT '{}'
          CONSTRAINT ck_protection_orders_conditions CHECK (conditions <@ ARRAY[${list(PROTECTION_ORDER_CONDITION_VALUES)}]::text[])`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE protection_orders DROP COLUMN conditions`);
  }
}
