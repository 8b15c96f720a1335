import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { INITIAL_ENUM_VALUES } from './1795320000000-InitialSchema';

/** StaffRole values from this migration on (ORGANISATION_ADMIN added), frozen like the initial enums. */
export const STAFF_ROLE_VALUES = [...INITIAL_ENUM_VALUES.StaffRole, 'ORGANISATION_ADMIN'] as const;
/** Staff members' preferred languages. */
export const PREFERRED_LANGUAGE_VALUES = ['az', 'en', 'ru'] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * Organisations and staff are managed in the product (issue 14): organisations get names in az/en/ru, contact points,
 * whether they take referrals, an active flag and a version (name_az
 * stays nullable: rows written by older code keep only `name`, which readers fall back to); a region names the monitoring group that covers it;
 * staff members get a preferred language, a version and the identity (issuer + subject) they sign in with, unique;
 * the ORGANISATION_ADMIN role exists.
 */
export class OrganisationAdministration1796200000000 implements MigrationInterface {
  name = 'OrganisationAdministration1796200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisations
        ADD COLUMN name_az text NULL,
        ADD COLUMN name_en text NULL,
        ADD COLUMN name_ru text NULL,
        ADD COLUMN contact_points jsonb NOT NULL DEFAULT '[]' CONSTRAINT ck_organisations_contact_points CHECK (jsonb_typeof(contact_points) = 'array'),
        ADD COLUMN accepts_referrals boolean NOT NULL DEFAULT true,
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN deactivated_at timestamptz NULL,
        ADD COLUMN version integer NOT NULL DEFAULT 1`);
    await q.query(`UPDATE organisations SET name_az = name WHERE name_az IS NULL`);
    await q.query(`
      CREATE TABLE region_monitoring_groups (
        region text PRIMARY KEY,
        organisation_id uuid NOT NULL CONSTRAINT fk_region_monitoring_groups_organisation REFERENCES organisations (id),
        assigned_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX ix_region_monitoring_groups_organisation ON region_monitoring_groups (organisation_id)`,
    );

    await q.query(`ALTER TABLE staff_members DROP CONSTRAINT ck_staff_members_roles`);
    await q.query(`
      ALTER TABLE staff_members
        ADD CONSTRAINT ck_staff_members_roles CHECK (roles <@ ARRAY[${list(STAFF_ROLE_VALUES)}]::text[]),
        ADD COLUMN preferred_language text NOT NULL DEFAULT 'az' CONSTRAINT ck_staff_members_preferred_language CHECK (preferred_language IN (${list(PREFERRED_LANGUAGE_VALUES)})),
        ADD COLUMN identity_issuer text NULL,
        ADD COLUMN identity_subject text NULL,
        ADD COLUMN deactivated_at timestamptz NULL,
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD CONSTRAINT ck_staff_members_identity CHECK ((identity_issuer IS NULL) = (identity_subject IS NULL))`);
    await q.query(
      `CREATE UNIQUE INDEX ux_staff_members_identity ON staff_members (identity_issuer, identity_subject) WHERE identity_subject IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const extra = (await q.query(
      `SELECT count(*)::int AS n FROM staff_members WHERE 'ORGANISATION_ADMIN' = ANY(roles)`,
    )) as { n: number }[];
    if ((extra[0]?.n ?? 0) > 0)
      throw new Error(
        'OrganisationAdministration down: staff hold ORGANISATION_ADMIN; remove the role first',
      );
    await q.query(`DROP INDEX ux_staff_members_identity`);
    await q.query(`
      ALTER TABLE staff_members
        DROP CONSTRAINT ck_staff_members_identity,
        DROP COLUMN version,
        DROP COLUMN deactivated_at,
        DROP COLUMN identity_subject,
        DROP COLUMN identity_issuer,
        DROP COLUMN preferred_language,
        DROP CONSTRAINT ck_staff_members_roles`);
    await q.query(
      `ALTER TABLE staff_members ADD CONSTRAINT ck_staff_members_roles CHECK (roles <@ ARRAY[${list(INITIAL_ENUM_VALUES.StaffRole)}]::text[])`,
    );
    await q.query(`DROP TABLE region_monitoring_groups`);
    await q.query(`
      ALTER TABLE organisations
        DROP COLUMN version,
        DROP COLUMN deactivated_at,
        DROP COLUMN active,
        DROP COLUMN accepts_referrals,
        DROP COLUMN contact_points,
        DROP COLUMN name_ru,
        DROP COLUMN name_en,
        DROP COLUMN name_az`);
  }
}
