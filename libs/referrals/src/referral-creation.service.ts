import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { AuditWriter } from '@lib/audit';
import { Action } from '@lib/authz';
import { type CaseActor, CaseAccessService, TimelineKind, TimelineWriter } from '@lib/cases';
import { loadConsentRecords } from '@lib/consents';
import {
  ACTIVE_REFERRAL_STATUSES,
  CaseStatus,
  type DataCategory,
  DataProfile,
  DomainError,
  ReferralStatus,
  TaskType,
  allowedCategoriesFor,
  checkConsentCoverage,
  computeReferralDeadlines,
  consentedCategoriesFor,
  defaultDataProfile,
  fieldsForCategories,
  requireTakesReferrals,
  validateLegalOverrideRequest,
} from '@lib/domain';
import { OrganisationEntity } from '@lib/organisations';
import { enqueueWorkflowStart, findEntityById, IdempotencyService, insertEntity, preparedQuery } from '@lib/persistence';
import { TaskWriter } from '@lib/tasks';
import { ConsentRequiredError } from './consent-required.error';
import { type CreateReferralCommand, type ValidCreateReferral, validateCreateReferral } from './create-referral.validation';
import { DEADLINE_POLICY_SOURCE, type DeadlinePolicySource } from './deadline-policy-source';
import { ReferralEntity } from './referral.entity';

interface Disclosure {
  dataProfile: DataProfile;
  dataCategories: DataCategory[];
  consentId: string | null;
  legalBasis: ValidLegal['basis'] | null;
  legalJustification: string | null;
}
type ValidLegal = ReturnType<typeof validateLegalOverrideRequest>;

const IDENTITY_FREE: readonly DataProfile[] = [DataProfile.ANONYMOUS_INCIDENT, DataProfile.DE_IDENTIFIED];

/**
 * Creates a referral from a case the actor's organisation owns. Consent must cover recipient + categories + purpose
 * (else CONSENT_REQUIRED naming what is missing) unless a legal override is given: then the domain validates the basis,
 * limits the categories to the minimum, and a supervisor must countersign before the recipient sees anything.
 * Deadlines come from the loaded deadline policy (DEADLINE_POLICY_SOURCE) and the case's risk level. One transaction, at most once per key,
 * which also records the start of the referral's workflow (workflow_starts); the recipient's task appears only when
 * that workflow has re-checked consent.
 */
@Injectable()
export class ReferralCreationService {
  constructor(
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(TimelineWriter) private readonly timeline: TimelineWriter,
    @Inject(TaskWriter) private readonly tasks: TaskWriter,
    /** The loaded, versioned deadline policy in force now (DEADLINE_POLICY_FILE), not the built-in default. */
    @Inject(DEADLINE_POLICY_SOURCE) private readonly policy: DeadlinePolicySource,
  ) {}

  async create(actor: CaseActor & { supervisorId?: string | null }, input: CreateReferralCommand, meta: { requestId: string | null }, now = new Date()): Promise<{ referralId: string; replayed: boolean }> {
    const valid = validateCreateReferral(input);
    const { idempotencyKey, ...request } = valid;
    const hash = IdempotencyService.hashRequest(request);
    // The new referral's id is chosen here, so the idempotency record is claimed with its result in one statement.
    const referralId = randomUUID();
    const result = await this.idempotency.runOnce(
      actor.staffId,
      idempotencyKey,
      'createReferral',
      hash,
      (manager) => this.createIn(manager, actor, valid, meta, now, referralId),
      referralId,
    );
    return { referralId: result.id, replayed: result.replayed };
  }

  private async createIn(
    manager: EntityManager,
    actor: CaseActor & { supervisorId?: string | null },
    input: ValidCreateReferral,
    meta: { requestId: string | null },
    now: Date,
    referralId: string,
  ): Promise<string> {
    const { case: owned, ability, subject } = await this.access.requireOwnerAction(actor, input.caseId, Action.Read, manager, (c) => {
      if (c.status !== CaseStatus.OPEN) throw DomainError.conflict(`Case is ${c.status}: no new referrals`);
    });
    const recipient = await findEntityById(manager, OrganisationEntity, input.toOrganisationId);
    if (!recipient) throw DomainError.badInput('Unknown recipient', [{ path: ['input', 'toOrganisationId'], message: 'no such organisation' }]);
    const draft = { kind: 'Referral' as const, caseId: owned.id, fromOrganisationId: actor.organisationId, toOrganisationId: recipient.id, status: ReferralStatus.PENDING, region: owned.region, teamIds: subject.teamIds, assignedOrganisationIds: subject.assignedOrganisationIds };
    if (!ability.can(Action.Create, draft)) throw DomainError.forbidden('Your role cannot create referrals');
    requireTakesReferrals(recipient, ['input', 'toOrganisationId']);
    if (recipient.id === actor.organisationId) {
      throw DomainError.badInput('Cannot refer to your own organisation', [{ path: ['input', 'toOrganisationId'], message: 'must be another organisation' }]);
    }
    if (!recipient.services.includes(input.serviceType)) {
      throw DomainError.badInput('Service not offered', [{ path: ['input', 'serviceType'], message: `the recipient does not offer ${input.serviceType}` }]);
    }

    await this.requireNoActiveReferralForNeed(manager, owned.id, recipient.id, input);

    const disclosure = input.legalOverride
      ? this.legalDisclosure(input, recipient, owned.isChild)
      : await this.consentedDisclosure(manager, input, recipient, now);

    const deadlines = computeReferralDeadlines(this.policy(), input.serviceType, owned.riskLevel, now);
    // insertEntity: the one statement TypeORM's save would send, without its per-call CPU (this is the hot path).
    const referral = await insertEntity(manager, ReferralEntity, {
        id: referralId,
        caseId: owned.id,
        fromOrganisationId: actor.organisationId,
        toOrganisationId: recipient.id,
        serviceType: input.serviceType,
        purpose: input.purpose,
        ...disclosure,
        responseDueAt: deadlines.responseDueAt,
        serviceDueAt: deadlines.serviceDueAt,
        createdBy: actor.staffId,
        createdAt: now,
      });
    if (!referral) throw new Error('referral insert returned no row');

    if (disclosure.legalBasis !== null) {
      // Nothing reaches the recipient before a supervisor (not the requester) countersigns.
      await this.tasks.create(manager, {
        organisationId: actor.organisationId,
        type: TaskType.LEGAL_OVERRIDE_COUNTERSIGN,
        caseId: owned.id,
        referralId: referral.id,
        assigneeId: actor.supervisorId ?? null,
        dueAt: deadlines.responseDueAt,
        dedupeKey: `referral:${referral.id}:countersign`,
      });
    }
    // The recipient's REFERRAL_RESPONSE task is NOT written here: the referral workflow's open activity re-checks
    // consent and then creates it. Its start is recorded in this transaction (the outbox), so the committed referral
    // always gets its workflow, also when Temporal is unreachable right now.
    await enqueueWorkflowStart(manager, { kind: 'REFERRAL', subjectId: referral.id, caseId: owned.id, actorId: null });
    await this.timeline.append(manager, {
      caseId: owned.id,
      organisationId: actor.organisationId,
      actorId: actor.staffId,
      kind: TimelineKind.REFERRAL_CREATED,
      referralId: referral.id,
      occurredAt: now,
      details: {
        toOrganisationId: recipient.id,
        serviceType: input.serviceType,
        dataProfile: disclosure.dataProfile,
        dataCategories: disclosure.dataCategories,
        legalBasis: disclosure.legalBasis,
        policyVersion: deadlines.policyVersion,
        ...(input.reReferral ? { reReferral: true } : {}),
      },
    });
    await this.audit.record(manager, {
      actorId: actor.staffId,
      organisationId: actor.organisationId,
      action: disclosure.legalBasis ? 'REFERRAL_CREATED_LEGAL_OVERRIDE' : 'REFERRAL_CREATED',
      subjectType: 'referral',
      subjectId: referral.id,
      caseId: owned.id,
      // The person fields this referral will disclose (names only).
      fields: fieldsForCategories(disclosure.dataCategories),
      purpose: input.purpose,
      justification: disclosure.legalJustification,
      requestId: meta.requestId,
    });
    return referral.id;
  }

  /**
   * One active referral per need: a second active (PENDING, ACCEPTED, ESCALATED) referral of the case to the same
   * organisation for the same service is a CONFLICT naming the existing one, unless the sender states it is a
   * re-referral. Concurrent creations for one need are serialised by a transaction-scoped advisory lock.
   */
  private async requireNoActiveReferralForNeed(manager: EntityManager, caseId: string, toOrganisationId: string, input: ValidCreateReferral): Promise<void> {
    await preparedQuery(manager, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`referral-need:${caseId}:${toOrganisationId}:${input.serviceType}`]);
    if (input.reReferral) return;
    const rows = await preparedQuery<{ id: string }>(
      manager,
      `SELECT id FROM referrals WHERE case_id = $1 AND to_organisation_id = $2 AND service_type = $3 AND status = ANY($4::text[]) ORDER BY created_at LIMIT 1`,
      [caseId, toOrganisationId, input.serviceType, [...ACTIVE_REFERRAL_STATUSES]],
    );
    const existing = rows[0];
    if (existing) {
      throw DomainError.conflict(`Referral ${existing.id} to this organisation for this service is still active; state reReferral to refer again`);
    }
  }

  private legalDisclosure(input: ValidCreateReferral, recipient: OrganisationEntity, caseIsChild: boolean): Disclosure {
    const legal = validateLegalOverrideRequest(
      {
        basis: input.legalOverride?.basis,
        justification: input.legalOverride?.justification,
        dataCategories: input.dataCategories.length > 0 ? input.dataCategories : undefined,
      },
      { recipientOrganisationType: recipient.type, caseIsChild },
      ['input', 'legalOverride'],
    );
    return {
      dataProfile: legal.dataProfile,
      dataCategories: legal.dataCategories,
      consentId: null,
      legalBasis: legal.basis,
      legalJustification: legal.justification,
    };
  }

  private async consentedDisclosure(manager: EntityManager, input: ValidCreateReferral, recipient: OrganisationEntity, now: Date): Promise<Disclosure> {
    const consents = await loadConsentRecords(manager, input.caseId);
    const to = { organisationId: recipient.id, organisationType: recipient.type };
    const consented = consentedCategoriesFor(consents, to, input.purpose, now);
    const dataProfile = defaultDataProfile(recipient.type, consented);
    if (input.dataCategories.length === 0) {
      if (!IDENTITY_FREE.includes(dataProfile)) {
        throw DomainError.badInput('Invalid referral', [{ path: ['input', 'dataCategories'], message: 'name the data categories to share' }]);
      }
      return { dataProfile, dataCategories: [], consentId: null, legalBasis: null, legalJustification: null };
    }
    const coverage = checkConsentCoverage(consents, { recipient: to, categories: input.dataCategories, purpose: input.purpose }, now);
    if (!coverage.covered) throw new ConsentRequiredError(coverage.missing, input.purpose);
    const withinProfile = allowedCategoriesFor(recipient.type, dataProfile, input.dataCategories);
    const excess = input.dataCategories.filter((c) => !withinProfile.includes(c));
    if (excess.length > 0) {
      throw DomainError.badInput('More than the minimum necessary', [
        { path: ['input', 'dataCategories'], message: `${recipient.type} (${dataProfile}) may not receive ${excess.join(', ')}` },
      ]);
    }
    return {
      dataProfile,
      dataCategories: withinProfile,
      consentId: coverage.supportingConsentIds[0] ?? null,
      legalBasis: null,
      legalJustification: null,
    };
  }
}
