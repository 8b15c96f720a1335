import { Pool } from 'pg';
import { DEMO_STAFF } from '@lib/persistence';

/** A staff member as the embedded provider sees one: identity and whether they may sign in. No survivor data. */
export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  /** Holds at least one role (a member with none has nothing to do in the console). */
  hasRole: boolean;
}

/** Where the embedded provider looks staff members up (the application database in `npm start`). */
export interface StaffAccounts {
  findByUsername(username: string): Promise<StaffAccount | null>;
  findById(id: string): Promise<StaffAccount | null>;
  close(): Promise<void>;
}

const DEMO_USERNAMES: ReadonlySet<string> = new Set(DEMO_STAFF.map((s) => s.username));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  id: string;
  username: string;
  display_name: string;
  active: boolean;
  role_count: number;
}

/**
 * The demo users (DEMO_STAFF) as they stand in the database: an administrator may deactivate one or remove their
 * roles, and the provider then refuses them. Other staff members cannot sign in with the demo password.
 */
export class DatabaseStaffAccounts implements StaffAccounts {
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2, application_name: 'nrm-oidc' });
  }

  async findByUsername(username: string): Promise<StaffAccount | null> {
    if (!DEMO_USERNAMES.has(username)) return null;
    return this.one('username = $1', username);
  }

  async findById(id: string): Promise<StaffAccount | null> {
    if (!UUID.test(id)) return null;
    const account = await this.one('id = $1::uuid', id);
    return account && DEMO_USERNAMES.has(account.username) ? account : null;
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async one(where: string, value: string): Promise<StaffAccount | null> {
    const { rows } = await this.pool.query<Row>(
      `SELECT id, username, display_name, active, cardinality(roles) AS role_count FROM staff_members WHERE ${where}`,
      [value],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      active: row.active,
      hasRole: row.role_count > 0,
    };
  }
}
