import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type OrganisationType, type StaffRole } from '@lib/domain';
import { preparedQuery } from '@lib/persistence';

/** An active staff member with what authorization needs about their organisation. */
export interface ActiveStaff {
  staffId: string;
  username: string;
  organisationId: string;
  organisationType: OrganisationType;
  region: string;
  roles: StaffRole[];
  supervisorId: string | null;
}

interface Row {
  id: string;
  username: string;
  organisation_id: string;
  type: OrganisationType;
  region: string;
  roles: StaffRole[];
  supervisor_id: string | null;
}

/** Looks up staff members for authentication: active members only, in one indexed query. */
@Injectable()
export class StaffDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async findActive(by: { id: string } | { username: string }): Promise<ActiveStaff | null> {
    const [column, value] = 'id' in by ? ['s.id', by.id] : ['s.username', by.username];
    if ('id' in by && !/^[0-9a-f-]{36}$/i.test(by.id)) return null;
    const rows = await preparedQuery<Row>(
      this.dataSource.manager,
      `SELECT s.id, s.username, s.organisation_id, o.type, o.region, s.roles, s.supervisor_id
         FROM staff_members s JOIN organisations o ON o.id = s.organisation_id
        WHERE ${column} = $1 AND s.active`,
      [value],
    );
    const row = rows[0];
    if (!row) return null;
    return toActive(row);
  }

  /**
   * The active member a verified token names: the member whose linked identity is (issuer, subject), else (local
   * tokens and the demo) the member whose id is the token's UUID subject and who has no linked identity. One query.
   */
  async findActiveByIdentity(principal: {
    issuer: string;
    subject: string;
    staffId: string | null;
  }): Promise<ActiveStaff | null> {
    const rows = await preparedQuery<Row>(
      this.dataSource.manager,
      `SELECT s.id, s.username, s.organisation_id, o.type, o.region, s.roles, s.supervisor_id
         FROM staff_members s JOIN organisations o ON o.id = s.organisation_id
        WHERE s.active
          AND ((s.identity_issuer = $1 AND s.identity_subject = $2) OR (s.id = $3::uuid AND s.identity_subject IS NULL))
        ORDER BY (s.identity_subject IS NOT NULL) DESC
        LIMIT 1`,
      [principal.issuer, principal.subject, principal.staffId],
    );
    const row = rows[0];
    return row ? toActive(row) : null;
  }
}

function toActive(row: Row): ActiveStaff {
  return {
    staffId: row.id,
    username: row.username,
    organisationId: row.organisation_id,
    organisationType: row.type,
    region: row.region,
    roles: row.roles,
    supervisorId: row.supervisor_id,
  };
}
