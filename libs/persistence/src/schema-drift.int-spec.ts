import { createTestDatabase, type TestDatabase } from '../../../test/support';

/**
 * Entities and migrations are written by hand, separately: this checks they describe the same tables, columns, types
 * and nullability (both directions), so an entity cannot silently map a column the migration does not create.
 */
const UDT: Record<string, string> = {
  uuid: 'uuid',
  text: 'text',
  boolean: 'bool',
  integer: 'int4',
  bigint: 'int8',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
  jsonb: 'jsonb',
  bytea: 'bytea',
};

describe('entities match the migrated schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('every entity column exists with the same type and nullability, and no table column is unmapped', async () => {
    const rows: { table_name: string; column_name: string; udt_name: string; is_nullable: 'YES' | 'NO' }[] =
      await db.dataSource.query(
        `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
      );
    const inDb = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const mapped = new Set<string>();
    const problems: string[] = [];
    const tablesWithEntity = new Set<string>();

    for (const meta of db.dataSource.entityMetadatas) {
      tablesWithEntity.add(meta.tableName);
      for (const column of meta.columns) {
        const key = `${meta.tableName}.${column.databaseName}`;
        mapped.add(key);
        const found = inDb.get(key);
        if (!found) {
          problems.push(`${key}: mapped by ${meta.name} but missing in the database`);
          continue;
        }
        const base = UDT[String(column.type)] ?? String(column.type);
        const expected = column.isArray ? `_${base}` : base;
        if (found.udt_name !== expected) problems.push(`${key}: entity ${expected}, database ${found.udt_name}`);
        if ((found.is_nullable === 'YES') !== column.isNullable) {
          problems.push(`${key}: entity nullable=${column.isNullable}, database ${found.is_nullable}`);
        }
      }
    }
    for (const [key, row] of inDb) {
      if (tablesWithEntity.has(row.table_name) && !mapped.has(key)) problems.push(`${key}: in the database, not in the entity`);
    }
    const tables = new Set(rows.map((r) => r.table_name));
    // audit_chain_heads (AuditWriter), workflow_starts (the workflow-start outbox), the risk, protection-order and
    // safety-plan tables (@lib/risk and the case activities) and case_assignments (@lib/cases) are written with SQL
    // only; every other table has an entity.
    expect([...tables].filter((t) => !tablesWithEntity.has(t)).sort()).toEqual([
      'audit_chain_heads',
      'case_assignments',
      'protection_order_breaches',
      'protection_orders',
      'risk_assessments',
      'risk_conferences',
      'safety_plan_items',
      'workflow_starts',
    ]);
    expect(problems).toEqual([]);
  });
});
