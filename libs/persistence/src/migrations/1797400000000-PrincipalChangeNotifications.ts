import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The channel on which a committed change to staff members or organisations is announced (payload: the table). */
export const PRINCIPAL_CHANGE_PG_CHANNEL = 'nrm_principals';

/**
 * Every API replica caches the staff member a bearer token names (id, organisation, its type and region, roles,
 * supervisor). Any committed change to `staff_members` or `organisations` (insert, update, delete, truncate; by the
 * product, a CLI or plain SQL) is announced on PRINCIPAL_CHANGE_PG_CHANNEL, and every replica drops its cache.
 * Statement-level triggers: one announcement per statement, merged by PostgreSQL per transaction; NOTIFY is delivered
 * on COMMIT only, so a rolled-back change announces nothing.
 */
export class PrincipalChangeNotifications1797400000000 implements MigrationInterface {
  name = 'PrincipalChangeNotifications1797400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION nrm_principals_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${PRINCIPAL_CHANGE_PG_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const table of ['staff_members', 'organisations']) {
      await q.query(`
        CREATE TRIGGER tg_${table}_principals_announce AFTER INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION nrm_principals_announce()`);
      await q.query(`
        CREATE TRIGGER tg_${table}_principals_announce_truncate AFTER TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION nrm_principals_announce()`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['staff_members', 'organisations']) {
      await q.query(`DROP TRIGGER tg_${table}_principals_announce_truncate ON ${table}`);
      await q.query(`DROP TRIGGER tg_${table}_principals_announce ON ${table}`);
    }
    await q.query(`DROP FUNCTION nrm_principals_announce()`);
  }
}
