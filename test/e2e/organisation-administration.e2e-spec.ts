import { randomUUID } from 'node:crypto';
import { DEMO_ORG_IDS, DEMO_REGION } from '@lib/persistence';
import { ApiHarness, codeOf, type GqlResponse } from './support/api-harness';
import { CREATE_REFERRAL, consentToPolice, key, openCase, referToPolice } from './support/operations';

/**
 * Organisations and staff administered in the product (issue 14), without Temporal: typed errors with field paths
 * and nothing written, idempotent creates, versions, the last administrator rule, identity links, a deactivated
 * member refused even with a cached token, audit events that name fields and never hold values, and a deactivated
 * recipient's pending referrals sent back to their senders.
 */
const ORG = '{ id name version active acceptsReferrals coveredRegions contactPoints { kind value label } }';
const STAFF = '{ id username roles active version identityLinked identity { issuer subject } }';
const CREATE_ORG = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) ${ORG} }`;
const UPDATE_ORG = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) ${ORG} }`;
const DEACTIVATE_ORG = `mutation($input: DeactivateOrganisationInput!) { deactivateOrganisation(input: $input) { organisation ${ORG} reroutedReferralIds } }`;
const ADD_STAFF = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) ${STAFF} }`;
const UPDATE_STAFF = `mutation($input: UpdateStaffMemberInput!) { updateStaffMember(input: $input) ${STAFF} }`;
const DEACTIVATE_STAFF = `mutation($input: StaffActivationInput!) { deactivateStaffMember(input: $input) ${STAFF} }`;
const REACTIVATE_STAFF = `mutation($input: StaffActivationInput!) { reactivateStaffMember(input: $input) ${STAFF} }`;

const NGO = {
  names: { az: 'Yeni QHT', en: 'New NGO' },
  type: 'NGO',
  region: DEMO_REGION,
  services: ['LEGAL_AID'],
};

function fieldPaths(res: GqlResponse): string[] {
  return ((res.errors?.[0]?.extensions.fields ?? []) as { path: string }[]).map((f) => f.path);
}

describe('organisation and staff administration (e2e)', () => {
  let api: ApiHarness;
  let dostAdmin: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    dostAdmin = randomUUID();
    await api.db.dataSource.query(
      `INSERT INTO staff_members (id, organisation_id, username, display_name, roles) VALUES ($1, $2, 'dost.admin', 'DOST Admin', '{ORGANISATION_ADMIN}')`,
      [dostAdmin, DEMO_ORG_IDS.DOST_BAKU],
    );
  });
  afterAll(() => api?.stop());

  const writes = async (): Promise<number[]> =>
    Promise.all(
      [
        'organisations',
        'staff_members',
        'audit_events',
        'region_monitoring_groups',
        'idempotency_records',
      ].map((t) => api.count(t)),
    );

  it('bad input on every operation: BAD_USER_INPUT naming each field, no value echoed, nothing written', async () => {
    const before = await writes();
    const [staffId] = await api.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM staff_members WHERE username = 'dost.manager'`,
    );
    const cases: [string, string, Record<string, unknown>, string[]][] = [
      [
        'admin',
        CREATE_ORG,
        {
          input: {
            names: { az: '' },
            type: 'NGO',
            region: ' ',
            services: [],
            contactPoints: [{ kind: 'EMAIL', value: 'leak-me' }],
            idempotencyKey: key(),
          },
        },
        ['input.names.az', 'input.region', 'input.contactPoints.0.value', 'input.services'],
      ],
      [
        'admin',
        CREATE_ORG,
        { input: { ...NGO, coveredRegions: ['Baku'], idempotencyKey: key() } },
        ['input.coveredRegions'],
      ],
      [
        'admin',
        UPDATE_ORG,
        { input: { ...NGO, organisationId: 'nope', expectedVersion: 1 } },
        ['input.organisationId'],
      ],
      [
        'admin',
        UPDATE_ORG,
        {
          input: {
            ...NGO,
            type: 'POLICE',
            services: ['INCIDENT_NOTIFICATION'],
            organisationId: DEMO_ORG_IDS.NGO_LEGAL_CLINIC,
            expectedVersion: 1,
          },
        },
        ['input.type'],
      ],
      [
        'admin',
        DEACTIVATE_ORG,
        { input: { organisationId: DEMO_ORG_IDS.NGO_LEGAL_CLINIC, expectedVersion: 0 } },
        ['input.expectedVersion'],
      ],
      [
        dostAdmin,
        ADD_STAFF,
        {
          input: {
            organisationId: DEMO_ORG_IDS.DOST_BAKU,
            username: 'Leak Me',
            displayName: '',
            roles: ['ADMINISTRATOR'],
            idempotencyKey: key(),
          },
        },
        ['input.username', 'input.displayName', 'input.roles'],
      ],
      [
        dostAdmin,
        ADD_STAFF,
        {
          input: {
            organisationId: DEMO_ORG_IDS.DOST_BAKU,
            username: 'new.member',
            displayName: 'Leak Me',
            roles: ['CASE_MANAGER'],
            supervisorId: 'x',
            idempotencyKey: key(),
          },
        },
        ['input.supervisorId'],
      ],
      [
        dostAdmin,
        ADD_STAFF,
        {
          input: {
            organisationId: DEMO_ORG_IDS.DOST_BAKU,
            username: 'ok.name',
            displayName: 'Ok',
            roles: ['CASE_MANAGER'],
            identity: { subject: 'has space' },
            idempotencyKey: key(),
          },
        },
        ['input.identity.subject'],
      ],
      [
        dostAdmin,
        ADD_STAFF,
        {
          input: {
            organisationId: DEMO_ORG_IDS.DOST_BAKU,
            username: 'ok.name',
            displayName: 'Ok',
            roles: ['CASE_MANAGER'],
            supervisorId: staffId!.id,
            idempotencyKey: key(),
          },
        },
        ['input.supervisorId'],
      ],
      [
        dostAdmin,
        UPDATE_STAFF,
        { input: { staffId: staffId!.id, expectedVersion: 1, roles: [] } },
        ['input.roles'],
      ],
      [
        dostAdmin,
        UPDATE_STAFF,
        { input: { staffId: staffId!.id, expectedVersion: 1, supervisorId: staffId!.id } },
        ['input.supervisorId'],
      ],
      [dostAdmin, DEACTIVATE_STAFF, { input: { staffId: 'x', expectedVersion: 1 } }, ['input.staffId']],
      [
        dostAdmin,
        REACTIVATE_STAFF,
        { input: { staffId: staffId!.id, expectedVersion: -1 } },
        ['input.expectedVersion'],
      ],
    ];
    for (const [as, op, vars, paths] of cases) {
      const res = await api.gql(as, op, vars);
      expect({ code: codeOf(res), paths: fieldPaths(res) }).toEqual({ code: 'BAD_USER_INPUT', paths });
      expect(JSON.stringify(res.errors)).not.toMatch(/leak-me|Leak Me/);
    }
    expect(await writes()).toEqual(before);
  });

  it('creates once per idempotency key, checks versions, keeps regions to one monitoring group', async () => {
    const idempotencyKey = key('org');
    const first = (await api.ok('admin', CREATE_ORG, { input: { ...NGO, idempotencyKey } })).createOrganisation;
    const again = (await api.ok('admin', CREATE_ORG, { input: { ...NGO, idempotencyKey } })).createOrganisation;
    expect(again.id).toBe(first.id);
    expect(
      codeOf(await api.gql('admin', CREATE_ORG, { input: { ...NGO, region: 'Ganja', idempotencyKey } })),
    ).toBe('CONFLICT');

    const updated = (
      await api.ok('admin', UPDATE_ORG, {
        input: {
          ...NGO,
          organisationId: first.id,
          expectedVersion: first.version,
          contactPoints: [{ kind: 'WEBSITE', value: 'https://ngo.example.az' }],
          acceptsReferrals: false,
        },
      })
    ).updateOrganisation;
    expect(updated).toMatchObject({
      version: first.version + 1,
      acceptsReferrals: false,
      contactPoints: [{ kind: 'WEBSITE', value: 'https://ngo.example.az', label: null }],
    });
    expect(
      codeOf(
        await api.gql('admin', UPDATE_ORG, {
          input: { ...NGO, organisationId: first.id, expectedVersion: first.version },
        }),
      ),
    ).toBe('CONFLICT');

    const group = {
      names: { az: 'Monitorinq Qrupu' },
      type: 'MONITORING_GROUP',
      region: 'Ganja',
      services: [],
      coveredRegions: ['Ganja', 'Shaki'],
    };
    const g = (await api.ok('admin', CREATE_ORG, { input: { ...group, idempotencyKey: key('org') } }))
      .createOrganisation;
    expect(g.coveredRegions).toEqual(['Ganja', 'Shaki']);
    expect(
      codeOf(
        await api.gql('admin', CREATE_ORG, {
          input: { ...group, coveredRegions: ['Shaki'], idempotencyKey: key('org') },
        }),
      ),
    ).toBe('CONFLICT');
    // The coordinator itself cannot be deactivated.
    const [coordinator] = await api.db.dataSource.query(`SELECT version FROM organisations WHERE id = $1`, [
      DEMO_ORG_IDS.STATE_COMMITTEE,
    ]);
    expect(
      codeOf(
        await api.gql('admin', DEACTIVATE_ORG, {
          input: { organisationId: DEMO_ORG_IDS.STATE_COMMITTEE, expectedVersion: coordinator.version },
        }),
      ),
    ).toBe('CONFLICT');
  });

  it('audit events name the fields changed, never their values', async () => {
    const secret = `+994 55 ${Date.now() % 1_000_000}`;
    const org = (
      await api.ok('admin', CREATE_ORG, {
        input: { ...NGO, contactPoints: [{ kind: 'PHONE', value: secret }], idempotencyKey: key('org') },
      })
    ).createOrganisation;
    await api.ok('admin', UPDATE_ORG, {
      input: {
        ...NGO,
        names: { az: 'Başqa ad' },
        organisationId: org.id,
        expectedVersion: org.version,
        contactPoints: [],
      },
    });
    const member = (
      await api.ok(dostAdmin, ADD_STAFF, {
        input: {
          organisationId: DEMO_ORG_IDS.DOST_BAKU,
          username: 'audited.member',
          displayName: 'Nigar Secretova',
          roles: ['LAWYER'],
          identity: { subject: 'idp-secret-subject' },
          idempotencyKey: key('staff'),
        },
      })
    ).addStaffMember;
    const rows: { action: string; fields: string[]; row: string }[] = await api.db.dataSource.query(
      `SELECT action, fields, row_to_json(a)::text AS row FROM audit_events a WHERE subject_id = ANY($1) ORDER BY occurred_at, seq`,
      [[org.id, member.id]],
    );
    expect(rows.map((r) => [r.action, r.fields])).toEqual([
      ['ORGANISATION_CREATED', ['names', 'type', 'region', 'services', 'contactPoints', 'acceptsReferrals']],
      ['ORGANISATION_UPDATED', ['names', 'contactPoints']],
      ['STAFF_MEMBER_ADDED', ['username', 'displayName', 'roles', 'preferredLanguage', 'identity']],
    ]);
    for (const r of rows)
      expect(r.row).not.toMatch(
        new RegExp(`${secret.replace(/\+/g, '\\+')}|Secretova|idp-secret-subject|Başqa`),
      );
  });

  it('links identities uniquely; usernames are unique; only those who administer a member see their identity', async () => {
    const add = (username: string, subject: string) =>
      api.gql(dostAdmin, ADD_STAFF, {
        input: {
          organisationId: DEMO_ORG_IDS.DOST_BAKU,
          username,
          displayName: username,
          roles: ['CASE_MANAGER'],
          identity: { subject },
          idempotencyKey: key('staff'),
        },
      });
    const ok = (await add('linked.one', 'idp-user-1')).data.addStaffMember;
    expect(ok.identity).toEqual({ issuer: 'nrm-local', subject: 'idp-user-1' });
    expect(codeOf(await add('linked.two', 'idp-user-1'))).toBe('CONFLICT');
    expect(codeOf(await add('linked.one', 'idp-user-2'))).toBe('CONFLICT');
    const seen = (
      await api.ok('dost.manager', `query($o: UUID!) { staffMembers(organisationId: $o) ${STAFF} }`, {
        o: DEMO_ORG_IDS.DOST_BAKU,
      })
    ).staffMembers;
    expect(seen.find((s: { id: string }) => s.id === ok.id)).toMatchObject({
      identityLinked: true,
      identity: null,
    });
    // Unlinked, the member signs in again with a token whose subject is their id (the demo's way); linked, only by the link.
    await api.ok(dostAdmin, UPDATE_STAFF, { input: { staffId: ok.id, expectedVersion: 1, identity: null } });
    expect(codeOf(await api.gql(ok.id, '{ organisations { id } }'))).toBeUndefined();
  });

  it('the last administrator cannot remove themself; a deactivated member is refused at once, even with a cached token', async () => {
    const me = (
      await api.ok(dostAdmin, `query($o: UUID!) { staffMembers(organisationId: $o) ${STAFF} }`, {
        o: DEMO_ORG_IDS.DOST_BAKU,
      })
    ).staffMembers.find((s: { id: string }) => s.id === dostAdmin);
    expect(
      codeOf(
        await api.gql(dostAdmin, DEACTIVATE_STAFF, {
          input: { staffId: dostAdmin, expectedVersion: me.version },
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      codeOf(
        await api.gql(dostAdmin, UPDATE_STAFF, {
          input: { staffId: dostAdmin, expectedVersion: me.version, roles: ['CASE_MANAGER'] },
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      await api.count('staff_members', `id = $1 AND active AND 'ORGANISATION_ADMIN' = ANY(roles)`, [
        dostAdmin,
      ]),
    ).toBe(1);

    const second = (
      await api.ok(dostAdmin, ADD_STAFF, {
        input: {
          organisationId: DEMO_ORG_IDS.DOST_BAKU,
          username: 'second.admin',
          displayName: 'Second',
          roles: ['ORGANISATION_ADMIN'],
          idempotencyKey: key('staff'),
        },
      })
    ).addStaffMember;
    // The second administrator's token is verified and cached by its first request...
    expect(codeOf(await api.gql(second.id, '{ organisations { id } }'))).toBeUndefined();
    // ...then the first deactivates them: the very next request with the same token is refused, and their open
    // tasks go back to the team's queue.
    const [task] = await api.db.dataSource.query(
      `INSERT INTO tasks (organisation_id, type, status, assignee_id) VALUES ($1, 'FOLLOW_UP', 'OPEN', $2) RETURNING id`,
      [DEMO_ORG_IDS.DOST_BAKU, second.id],
    );
    const off = (
      await api.ok(dostAdmin, DEACTIVATE_STAFF, {
        input: { staffId: second.id, expectedVersion: second.version },
      })
    ).deactivateStaffMember;
    expect(off.active).toBe(false);
    expect(await api.count('tasks', 'id = $1 AND assignee_id IS NULL', [task.id])).toBe(1);
    expect(codeOf(await api.gql(second.id, '{ organisations { id } }'))).toBe('UNAUTHENTICATED');
    const on = (
      await api.ok(dostAdmin, REACTIVATE_STAFF, { input: { staffId: second.id, expectedVersion: off.version } })
    ).reactivateStaffMember;
    expect(on.active).toBe(true);
    expect(codeOf(await api.gql(second.id, '{ organisations { id } }'))).toBeUndefined();
    // With another administrator active, removing oneself is allowed.
    const mine = (
      await api.ok(second.id, DEACTIVATE_STAFF, { input: { staffId: second.id, expectedVersion: on.version } })
    ).deactivateStaffMember;
    expect(mine.active).toBe(false);
  });

  it('a deactivated recipient: pending referrals go back to their senders (REROUTE), new ones are refused', async () => {
    const c = await openCase(api);
    await consentToPolice(api, c.id);
    const pending = await referToPolice(api, c.id);
    const [police] = await api.db.dataSource.query(`SELECT version FROM organisations WHERE id = $1`, [
      DEMO_ORG_IDS.POLICE_BAKU,
    ]);
    const res = (
      await api.ok('admin', DEACTIVATE_ORG, {
        input: { organisationId: DEMO_ORG_IDS.POLICE_BAKU, expectedVersion: police.version },
      })
    ).deactivateOrganisation;
    expect(res.reroutedReferralIds).toEqual([pending.id]);
    expect(
      await api.count(
        'referrals',
        `id = $1 AND status = 'DECLINED' AND decline_reason = 'ORGANISATION_DEACTIVATED'`,
        [pending.id],
      ),
    ).toBe(1);
    expect(
      await api.count(
        'tasks',
        `referral_id = $1 AND type = 'REROUTE' AND status = 'OPEN' AND organisation_id = $2`,
        [pending.id, DEMO_ORG_IDS.DOST_BAKU],
      ),
    ).toBe(1);
    expect(
      await api.count('tasks', `referral_id = $1 AND type = 'REFERRAL_RESPONSE' AND status = 'OPEN'`, [
        pending.id,
      ]),
    ).toBe(0);
    // Repeating it changes nothing more.
    const again = (
      await api.ok('admin', DEACTIVATE_ORG, {
        input: { organisationId: DEMO_ORG_IDS.POLICE_BAKU, expectedVersion: police.version },
      })
    ).deactivateOrganisation;
    expect(again.reroutedReferralIds).toEqual([]);
    const refused = await api.gql('dost.manager', CREATE_REFERRAL, {
      input: {
        caseId: c.id,
        toOrganisationId: DEMO_ORG_IDS.POLICE_BAKU,
        serviceType: 'INCIDENT_NOTIFICATION',
        purpose: 'LAW_ENFORCEMENT',
        dataCategories: ['IDENTITY'],
        idempotencyKey: key('ref'),
      },
    });
    expect({ code: codeOf(refused), paths: fieldPaths(refused) }).toEqual({
      code: 'BAD_USER_INPUT',
      paths: ['input.toOrganisationId'],
    });
  });
});
