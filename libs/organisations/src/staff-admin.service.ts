import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { type Actor, Action, defineAbilityFor } from '@lib/authz';
import {
  DomainError,
  type IdentityClaim,
  type IdentityLink,
  PreferredLanguage,
  StaffRole,
  adminRolesOf,
  checkNotLastAdmin,
  optionalText,
  requireEnum,
  requireExpectedVersion,
  requireIdempotencyKey,
  requireText,
  requireUuid,
  validateIdentity,
  validateRoles,
  validateStaffDefinition,
} from '@lib/domain';
import {
  IdempotencyService,
  inTransaction,
  PG_UNIQUE_VIOLATION,
  postgresErrorCode,
  preparedQuery,
} from '@lib/persistence';
import { OrganisationEntity } from './organisation.entity';
import { StaffMemberEntity } from './staff-member.entity';
import { type AdminMeta } from './organisation-admin.service';

/** The API's identity settings: the issuer a link defaults to and the claim linked identities are matched on. */
export interface IdentitySettings {
  issuer: string;
  claim: IdentityClaim;
}

const MAX_SUPERVISOR_CHAIN = 50;

/**
 * Staff administration (issue 14): an organisation's administrators (ORGANISATION_ADMIN) manage their own
 * organisation's staff; the coordinator's administrators manage every organisation's (to appoint each one's first
 * administrator). Each change locks the organisation's row, so two administrators cannot both remove themselves, and
 * is audited by field names only. A member of another organisation is NOT_FOUND to an organisation administrator.
 */
@Injectable()
export class StaffAdminService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async add(
    actor: Actor,
    input: Record<string, unknown>,
    identity: IdentitySettings,
    meta: AdminMeta,
  ): Promise<StaffMemberEntity> {
    const organisationId = requireUuid(input.organisationId, ['input', 'organisationId']);
    const key = requireIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
    const org = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
    if (!org)
      throw DomainError.badInput('Unknown organisation', [
        { path: ['input', 'organisationId'], message: 'no such organisation' },
      ]);
    if (!defineAbilityFor(actor).can(Action.Create, { kind: 'StaffMember', organisationId })) {
      throw DomainError.forbidden('You can add staff to your own organisation only');
    }
    const definition = validateStaffDefinition(input, org.type, ['input']);
    const link = validateIdentity(input.identity, identity.issuer, identity.claim, ['input', 'identity']);
    const id = randomUUID();
    const result = await this.guardUnique(() =>
      this.idempotency.runOnce(
        actor.staffId,
        key,
        'addStaffMember',
        IdempotencyService.hashRequest({ organisationId, definition, link }),
        async (m) => {
          const locked = await this.lockOrganisation(m, organisationId);
          if (!locked.active) throw DomainError.conflict('The organisation is deactivated');
          if (definition.supervisorId)
            await this.checkSupervisor(m, organisationId, id, definition.supervisorId, [
              'input',
              'supervisorId',
            ]);
          await m.insert(StaffMemberEntity, {
            id,
            organisationId,
            ...definition,
            identityIssuer: link?.issuer ?? null,
            identitySubject: link?.subject ?? null,
          });
          await this.audit.record(m, {
            actorId: actor.staffId,
            organisationId: actor.organisationId,
            action: 'STAFF_MEMBER_ADDED',
            subjectType: 'staff_member',
            subjectId: id,
            fields: [
              'username',
              'displayName',
              'roles',
              'preferredLanguage',
              ...(definition.supervisorId ? ['supervisorId'] : []),
              ...(link ? ['identity'] : []),
            ],
            requestId: meta.requestId,
          });
          return id;
        },
        id,
      ),
    );
    return this.dataSource.getRepository(StaffMemberEntity).findOneByOrFail({ id: result.id });
  }

  /**
   * Changes what is given (displayName, roles, supervisorId — null removes —, preferredLanguage, identity — null
   * unlinks —) at `expectedVersion`.
   */
  async update(
    actor: Actor,
    input: Record<string, unknown>,
    identity: IdentitySettings,
    meta: AdminMeta,
  ): Promise<StaffMemberEntity> {
    const staffId = requireUuid(input.staffId, ['input', 'staffId']);
    const expectedVersion = requireExpectedVersion(input.expectedVersion, ['input', 'expectedVersion']);
    await this.guardUnique(() =>
      inTransaction(this.dataSource, async (m) => {
        const { member, org } = await this.lockMember(m, actor, staffId);
        const changes: Partial<StaffMemberEntity> = {};
        if (input.displayName !== undefined)
          changes.displayName = requireText(input.displayName, ['input', 'displayName'], { maxLength: 200 });
        if (input.roles !== undefined)
          changes.roles = validateRoles(input.roles, org.type, ['input', 'roles']);
        if (input.preferredLanguage !== undefined)
          changes.preferredLanguage = requireEnum(PreferredLanguage, input.preferredLanguage, [
            'input',
            'preferredLanguage',
          ]);
        if (input.supervisorId !== undefined) {
          changes.supervisorId =
            input.supervisorId === null ? null : requireUuid(input.supervisorId, ['input', 'supervisorId']);
          if (changes.supervisorId)
            await this.checkSupervisor(m, org.id, staffId, changes.supervisorId, ['input', 'supervisorId']);
        }
        if (input.identity !== undefined) {
          const link: IdentityLink | null = validateIdentity(
            input.identity,
            identity.issuer,
            identity.claim,
            ['input', 'identity'],
          );
          changes.identityIssuer = link?.issuer ?? null;
          changes.identitySubject = link?.subject ?? null;
        }
        if (member.version !== expectedVersion) throw stale(staffId, member.version, expectedVersion);
        if (changes.roles) await this.checkLastAdmin(m, actor, member, org, changes.roles);
        const changed = changedFields(member, changes);
        await m.update(
          StaffMemberEntity,
          { id: staffId, version: expectedVersion },
          { ...changes, version: expectedVersion + 1 },
        );
        await this.audit.record(m, {
          actorId: actor.staffId,
          organisationId: actor.organisationId,
          action: 'STAFF_MEMBER_UPDATED',
          subjectType: 'staff_member',
          subjectId: staffId,
          fields: changed,
          requestId: meta.requestId,
        });
      }),
    );
    return this.dataSource.getRepository(StaffMemberEntity).findOneByOrFail({ id: staffId });
  }

  /** Deactivates (their next request is refused, whatever token they hold) or reactivates a member. */
  async setActive(
    actor: Actor,
    input: { staffId: unknown; expectedVersion: unknown; reason?: unknown },
    active: boolean,
    meta: AdminMeta,
  ): Promise<StaffMemberEntity> {
    const staffId = requireUuid(input.staffId, ['input', 'staffId']);
    const expectedVersion = requireExpectedVersion(input.expectedVersion, ['input', 'expectedVersion']);
    optionalText(input.reason, ['input', 'reason'], { maxLength: 500 });
    await inTransaction(this.dataSource, async (m) => {
      const { member, org } = await this.lockMember(m, actor, staffId);
      if (member.version !== expectedVersion) throw stale(staffId, member.version, expectedVersion);
      if (member.active === active) return;
      if (!active) await this.checkLastAdmin(m, actor, member, org, null);
      if (active && !org.active) throw DomainError.conflict('The organisation is deactivated');
      // Their open tasks go back to the team's queue (unassigned), so nothing waits on someone who left.
      const released = active
        ? []
        : await preparedQuery<{ id: string }>(
            m,
            `UPDATE tasks SET assignee_id = NULL WHERE assignee_id = $1 AND status = 'OPEN' RETURNING id`,
            [staffId],
          );
      await m.update(
        StaffMemberEntity,
        { id: staffId, version: expectedVersion },
        { active, deactivatedAt: active ? null : new Date(), version: expectedVersion + 1 },
      );
      await this.audit.record(m, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: active ? 'STAFF_MEMBER_REACTIVATED' : 'STAFF_MEMBER_DEACTIVATED',
        subjectType: 'staff_member',
        subjectId: staffId,
        fields: released.length > 0 ? ['active', 'tasks.assigneeId'] : ['active'],
        requestId: meta.requestId,
      });
    });
    return this.dataSource.getRepository(StaffMemberEntity).findOneByOrFail({ id: staffId });
  }

  /** An organisation's staff, for whoever may read its staff list. */
  async list(actor: Actor, organisationIdRaw: unknown): Promise<StaffMemberEntity[]> {
    const organisationId = requireUuid(organisationIdRaw, ['organisationId']);
    if (!defineAbilityFor(actor).can(Action.Read, { kind: 'StaffMember', organisationId })) {
      throw DomainError.forbidden('You can list your own organisation’s staff only');
    }
    return this.dataSource
      .getRepository(StaffMemberEntity)
      .find({ where: { organisationId }, order: { username: 'ASC' } });
  }

  private async lockOrganisation(m: EntityManager, id: string): Promise<OrganisationEntity> {
    return m.findOneOrFail(OrganisationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The member (NOT_FOUND unless the actor may update them) and their organisation, locked. */
  private async lockMember(
    m: EntityManager,
    actor: Actor,
    staffId: string,
  ): Promise<{ member: StaffMemberEntity; org: OrganisationEntity }> {
    const peek = await m.findOneBy(StaffMemberEntity, { id: staffId });
    if (
      !peek ||
      !defineAbilityFor(actor).can(Action.Update, {
        kind: 'StaffMember',
        id: staffId,
        organisationId: peek.organisationId,
      })
    ) {
      throw DomainError.notFound('Staff member');
    }
    const org = await this.lockOrganisation(m, peek.organisationId);
    const member = await m.findOneByOrFail(StaffMemberEntity, { id: staffId });
    return { member, org };
  }

  private async checkLastAdmin(
    m: EntityManager,
    actor: Actor,
    member: StaffMemberEntity,
    org: OrganisationEntity,
    rolesAfter: StaffRole[] | null,
  ): Promise<void> {
    if (actor.staffId !== member.id) return;
    const rows: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM staff_members WHERE organisation_id = $1 AND active AND id <> $2 AND roles && $3::text[]`,
      [org.id, member.id, [...adminRolesOf(org.type)]],
    );
    checkNotLastAdmin({
      actorId: actor.staffId,
      targetId: member.id,
      organisationType: org.type,
      rolesAfter,
      otherActiveAdmins: rows[0]?.n ?? 0,
    });
  }

  /** A supervisor is an active SUPERVISOR of the same organisation, not the member, and not supervised by them. */
  private async checkSupervisor(
    m: EntityManager,
    organisationId: string,
    memberId: string,
    supervisorId: string,
    path: string[],
  ): Promise<void> {
    const bad = (message: string): DomainError =>
      DomainError.badInput('Invalid supervisor', [{ path, message }]);
    if (supervisorId === memberId) throw bad('a member cannot supervise themself');
    const sup = await m.findOneBy(StaffMemberEntity, { id: supervisorId });
    if (!sup || sup.organisationId !== organisationId || !sup.active)
      throw bad('must be an active member of the same organisation');
    if (!sup.roles.includes(StaffRole.SUPERVISOR)) throw bad('must hold the SUPERVISOR role');
    let next: string | null = sup.supervisorId;
    for (let i = 0; next && i < MAX_SUPERVISOR_CHAIN; i++) {
      if (next === memberId) throw bad('would make a supervision cycle');
      const row: StaffMemberEntity | null = await m.findOneBy(StaffMemberEntity, { id: next });
      next = row?.supervisorId ?? null;
    }
  }

  /** A username or identity taken by a concurrent insert is a CONFLICT, like the pre-checked cases. */
  private async guardUnique<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (postgresErrorCode(e) !== PG_UNIQUE_VIOLATION) throw e;
      const constraint =
        (e as { driverError?: { constraint?: string }; constraint?: string }).driverError?.constraint ??
        (e as { constraint?: string }).constraint ??
        '';
      throw DomainError.conflict(
        constraint.includes('identity')
          ? 'This identity is already linked to a staff member'
          : 'This username is already taken',
      );
    }
  }
}

function changedFields(member: StaffMemberEntity, changes: Partial<StaffMemberEntity>): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (changes.displayName !== undefined && !same(changes.displayName, member.displayName))
    out.push('displayName');
  if (changes.roles !== undefined && !same([...changes.roles].sort(), [...member.roles].sort()))
    out.push('roles');
  if (changes.supervisorId !== undefined && changes.supervisorId !== member.supervisorId)
    out.push('supervisorId');
  if (changes.preferredLanguage !== undefined && changes.preferredLanguage !== member.preferredLanguage)
    out.push('preferredLanguage');
  if (
    changes.identitySubject !== undefined &&
    (changes.identitySubject !== member.identitySubject || changes.identityIssuer !== member.identityIssuer)
  )
    out.push('identity');
  return out;
}

function stale(id: string, version: number, expected: number): DomainError {
  return DomainError.conflict(
    `Staff member ${id} was changed by someone else (version ${version}, expected ${expected})`,
  );
}
