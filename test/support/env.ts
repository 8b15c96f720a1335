/** Environment variables the harness's globalSetup hands to test files. */
export const TEST_PG_ADMIN_URL_ENV = 'NRM_TEST_PG_ADMIN_URL';
/** Template with the schema (all migrations applied). */
export const TEST_PG_TEMPLATE_ENV = 'NRM_TEST_PG_TEMPLATE';
/** Template with the schema AND the demo seed (organisations, staff). */
export const TEST_PG_SEEDED_TEMPLATE_ENV = 'NRM_TEST_PG_SEEDED_TEMPLATE';
/** Optional: admin URL (maintenance db) of an EXTERNAL PostgreSQL to use instead of the embedded one. */
export const EXTERNAL_TEST_PG_ENV = 'TEST_PG_ADMIN_URL';
