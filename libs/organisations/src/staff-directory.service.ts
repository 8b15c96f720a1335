import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type OrganisationType, type PreferredLanguage, type StaffRole } from '@lib/domain';
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

  /** The active member's own profile, one query (null once deactivated). */
  async profile(staffId: string): Promise<StaffProfile | null> {
    const rows = await preparedQuery<ProfileRow>(
      this.dataSource.manager,
      `SELECT s.id, s.display_name, s.roles, s.supervisor_id,
              COALESCE(ns.language, s.preferred_language) AS language,
              o.id AS organisation_id, o.type, COALESCE(o.name_az, o.name) AS name_az, o.name_en, o.name_ru
         FROM staff_members s
         JOIN organisations o ON o.id = s.organisation_id
         LEFT JOIN notification_settings ns ON ns.staff_id = s.id
        WHERE s.id = $1 AND s.active`,
      [staffId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      staffId: row.id,
      displayName: row.display_name,
      roles: row.roles,
      supervisorId: row.supervisor_id,
      preferredLanguage: row.language,
      organisation: {
        id: row.organisation_id,
        type: row.type,
        nameAz: row.name_az,
        nameEn: row.name_en,
        nameRu: row.name_ru,
      },
    };
  }
}

/** What a signed-in member may know about themself (`me`): no one else's data. */
export interface StaffProfile {
  staffId: string;
  displayName: string;
  roles: StaffRole[];
  supervisorId: string | null;
  /** The language they chose in the console (their notification settings), else the one their administrator set. */
  preferredLanguage: PreferredLanguage;
  organisation: {
    id: string;
    type: OrganisationType;
    nameAz: string;
    nameEn: string | null;
    nameRu: string | null;
  };
}

interface ProfileRow {
  id: string;
  display_name: string;
  roles: StaffRole[];
  supervisor_id: string | null;
  language: PreferredLanguage;
  organisation_id: string;
  type: OrganisationType;
  name_az: string;
  name_en: string | null;
  name_ru: string | null;
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
