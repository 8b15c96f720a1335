import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { type Actor, Action, defineAbilityFor } from '@lib/authz';
import {
  DomainError,
  type OrganisationDefinition,
  OrganisationType,
  displayName,
  requireExpectedVersion,
  requireIdempotencyKey,
  requireUuid,
  validateOrganisationDefinition,
} from '@lib/domain';
import { IdempotencyService, inTransaction } from '@lib/persistence';
import { OrganisationEntity } from './organisation.entity';
import { RegionMonitoringGroupEntity } from './region-monitoring-group.entity';

export interface AdminMeta {
  requestId: string | null;
}

/** An organisation with the regions it covers (monitoring groups). */
export interface ManagedOrganisation {
  organisation: OrganisationEntity;
  coveredRegions: string[];
}

/** Columns a definition writes, by field name (the audit lists the names of those that changed, never values). */
function columnsOf(d: OrganisationDefinition): Partial<OrganisationEntity> {
  return {
    name: displayName(d.names),
    nameAz: d.names.az,
    nameEn: d.names.en,
    nameRu: d.names.ru,
    type: d.type,
    region: d.region,
    services: d.services,
    contactPoints: d.contactPoints,
    acceptsReferrals: d.acceptsReferrals,
  };
}

const AUDITED: Record<string, (o: Partial<OrganisationEntity>) => unknown> = {
  names: (o) => [o.nameAz, o.nameEn, o.nameRu],
  type: (o) => o.type,
  region: (o) => o.region,
  services: (o) => o.services,
  contactPoints: (o) => o.contactPoints,
  acceptsReferrals: (o) => o.acceptsReferrals,
};

/**
 * The State Committee's administrators create, update and deactivate organisations (issue 14). Every change is one
 * transaction with its audit event (field names only); creates are idempotent per key; updates check the version.
 * Deactivation returns the PENDING referrals addressed to the organisation: the caller sends each back to its sender
 * (through the referral workflow, as a decline with a REROUTE task).
 */
@Injectable()
export class OrganisationAdminService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async create(actor: Actor, input: Record<string, unknown>, meta: AdminMeta): Promise<ManagedOrganisation> {
    if (!defineAbilityFor(actor).can(Action.Create, 'Organisation'))
      throw DomainError.forbidden('Only the coordinator’s administrators create organisations');
    const definition = validateOrganisationDefinition(input, ['input']);
    const key = requireIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
    const id = randomUUID();
    const result = await this.idempotency.runOnce(
      actor.staffId,
      key,
      'createOrganisation',
      IdempotencyService.hashRequest(definition),
      async (m) => {
        await m.insert(OrganisationEntity, { id, ...columnsOf(definition) });
        await this.cover(m, id, definition);
        await this.audit.record(m, {
          actorId: actor.staffId,
          organisationId: actor.organisationId,
          action: 'ORGANISATION_CREATED',
          subjectType: 'organisation',
          subjectId: id,
          fields: [
            ...Object.keys(AUDITED),
            ...(definition.coveredRegions.length > 0 ? ['coveredRegions'] : []),
          ],
          requestId: meta.requestId,
        });
        return id;
      },
      id,
    );
    return this.get(result.id);
  }

  async update(actor: Actor, input: Record<string, unknown>, meta: AdminMeta): Promise<ManagedOrganisation> {
    const id = requireUuid(input.organisationId, ['input', 'organisationId']);
    const expectedVersion = requireExpectedVersion(input.expectedVersion, ['input', 'expectedVersion']);
    const definition = validateOrganisationDefinition(input, ['input']);
    await inTransaction(this.dataSource, async (m) => {
      const current = await this.lockManageable(m, actor, id, Action.Update);
      if (current.type !== definition.type) {
        throw DomainError.badInput('Invalid organisation', [
          { path: ['input', 'type'], message: 'the type of an organisation cannot change' },
        ]);
      }
      if (current.version !== expectedVersion) throw stale(id, current.version, expectedVersion);
      const next = columnsOf(definition);
      const changed = Object.entries(AUDITED)
        .filter(([, read]) => JSON.stringify(read(current)) !== JSON.stringify(read(next)))
        .map(([field]) => field);
      const before = await this.coveredBy(m, id);
      const regionsChanged =
        JSON.stringify([...before].sort()) !== JSON.stringify([...definition.coveredRegions].sort());
      if (regionsChanged) {
        await m.delete(RegionMonitoringGroupEntity, { organisationId: id });
        await this.cover(m, id, definition);
        changed.push('coveredRegions');
      }
      await m.update(
        OrganisationEntity,
        { id, version: expectedVersion },
        { ...next, version: expectedVersion + 1 },
      );
      await this.audit.record(m, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'ORGANISATION_UPDATED',
        subjectType: 'organisation',
        subjectId: id,
        fields: changed,
        requestId: meta.requestId,
      });
    });
    return this.get(id);
  }

  /**
   * Deactivates an organisation: it receives no new referrals and leaves the regions it covered. Returns the ids of
   * its PENDING, disclosed referrals, to be sent back to their senders. Deactivating an inactive organisation changes
   * nothing and returns the referrals still pending, so a sweep interrupted by a crash can be finished by repeating it.
   */
  async deactivate(
    actor: Actor,
    input: { organisationId: unknown; expectedVersion: unknown },
    meta: AdminMeta,
  ): Promise<{ organisation: ManagedOrganisation; pendingReferralIds: string[] }> {
    const id = requireUuid(input.organisationId, ['input', 'organisationId']);
    const expectedVersion = requireExpectedVersion(input.expectedVersion, ['input', 'expectedVersion']);
    await inTransaction(this.dataSource, async (m) => {
      const current = await this.lockManageable(m, actor, id, Action.Update);
      if (!current.active) return;
      if (current.id === actor.organisationId || current.type === OrganisationType.COORDINATOR) {
        throw DomainError.conflict('The coordinator cannot be deactivated');
      }
      if (current.version !== expectedVersion) throw stale(id, current.version, expectedVersion);
      await m.update(
        OrganisationEntity,
        { id, version: expectedVersion },
        { active: false, deactivatedAt: new Date(), version: expectedVersion + 1 },
      );
      await m.delete(RegionMonitoringGroupEntity, { organisationId: id });
      await this.audit.record(m, {
        actorId: actor.staffId,
        organisationId: actor.organisationId,
        action: 'ORGANISATION_DEACTIVATED',
        subjectType: 'organisation',
        subjectId: id,
        fields: ['active'],
        requestId: meta.requestId,
      });
    });
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM referrals
        WHERE to_organisation_id = $1 AND status = 'PENDING' AND (legal_basis IS NULL OR countersigned_by IS NOT NULL)
        ORDER BY created_at, id`,
      [id],
    );
    return { organisation: await this.get(id), pendingReferralIds: rows.map((r) => r.id) };
  }

  async get(id: string): Promise<ManagedOrganisation> {
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id });
    return { organisation, coveredRegions: await this.coveredBy(this.dataSource.manager, id) };
  }

  /** Regions covered, for several organisations at once (directory listings). */
  async coveredRegions(ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const rows = await this.dataSource
      .getRepository(RegionMonitoringGroupEntity)
      .find({ where: { organisationId: In([...ids]) }, order: { region: 'ASC' } });
    for (const r of rows) out.set(r.organisationId, [...(out.get(r.organisationId) ?? []), r.region]);
    return out;
  }

  private async coveredBy(m: EntityManager, id: string): Promise<string[]> {
    const rows = await m.find(RegionMonitoringGroupEntity, {
      where: { organisationId: id },
      order: { region: 'ASC' },
    });
    return rows.map((r) => r.region);
  }

  /** Claims the regions for this monitoring group; a region another active group covers is a CONFLICT. */
  private async cover(m: EntityManager, id: string, d: OrganisationDefinition): Promise<void> {
    if (d.coveredRegions.length === 0) return;
    const taken = await m.find(RegionMonitoringGroupEntity, { where: { region: In(d.coveredRegions) } });
    const others = taken.filter((t) => t.organisationId !== id);
    if (others.length > 0) {
      throw DomainError.conflict(
        `Region already covered by monitoring group ${others[0]?.organisationId ?? ''}`,
      );
    }
    await m.insert(
      RegionMonitoringGroupEntity,
      d.coveredRegions.map((region) => ({ region, organisationId: id })),
    );
  }

  private async lockManageable(
    m: EntityManager,
    actor: Actor,
    id: string,
    action: Action,
  ): Promise<OrganisationEntity> {
    const found = await m.findOne(OrganisationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!found) throw DomainError.notFound('Organisation');
    if (!defineAbilityFor(actor).can(action, { kind: 'Organisation', id })) {
      throw DomainError.forbidden('Only the coordinator’s administrators change organisations');
    }
    return found;
  }
}

function stale(id: string, version: number, expected: number): DomainError {
  return DomainError.conflict(
    `Organisation ${id} was changed by someone else (version ${version}, expected ${expected})`,
  );
}
