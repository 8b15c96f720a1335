import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** PlaceType values (libs/domain legal-override.ts), frozen here like the enums of the initial schema. */
export const INCIDENT_PLACE_TYPE_VALUES = ['HOME', 'RELATIVES_HOME', 'PUBLIC_PLACE', 'WORKPLACE', 'SCHOOL', 'ONLINE', 'OTHER'] as const;

/**
 * When and where (as a type of place) the incident happened: what an anonymous incident notice gives the police
 * besides the kind of violence, the risk level and the region (consent rule 2). Day precision, no address.
 */
export class CaseIncident1795600000000 implements MigrationInterface {
  name = 'CaseIncident1795600000000';

  public async up(q: QueryRunner): Promise<void> {
    const values = INCIDENT_PLACE_TYPE_VALUES.map((v) => `'${v}'`).join(', ');
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN incident_date date NULL,
        ADD COLUMN incident_place_type text NULL CONSTRAINT ck_cases_incident_place_type CHECK (incident_place_type IN (${values}))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN incident_place_type, DROP COLUMN incident_date`);
  }
}
